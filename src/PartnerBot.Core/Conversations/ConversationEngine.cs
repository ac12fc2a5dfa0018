using PartnerBot.Core.Cards;

namespace PartnerBot.Core.Conversations;

/// <summary>Routes what people say to the right flow.</summary>
public sealed class ConversationEngine : IConversationEngine
{
    public Task<IReadOnlyList<BotReply>> OnInstalledAsync(UserRef user, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BotReply>>([BotReply.Show(WelcomeCard.Build(user.Name))]);

    public Task<IReadOnlyList<BotReply>> OnMessageAsync(TurnInput input, CancellationToken cancellationToken)
    {
        var known = string.Equals(input.Text?.Trim(), BotCommands.Help.Name, StringComparison.OrdinalIgnoreCase);
        var intro = known || input.Value is not null ? null : "I did not understand that. Here is what I can do.";
        return Task.FromResult<IReadOnlyList<BotReply>>([BotReply.Show(HelpCard.Build(BotCommands.All, intro))]);
    }
}
