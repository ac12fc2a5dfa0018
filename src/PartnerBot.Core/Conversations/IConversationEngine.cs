namespace PartnerBot.Core.Conversations;

/// <summary>
/// Core's single entry point for what people say and submit. The host turns channel activities
/// into <see cref="TurnInput"/> and the replies into channel messages.
/// </summary>
public interface IConversationEngine
{
    /// <summary>The bot was installed for, or first met, this person.</summary>
    Task<IReadOnlyList<BotReply>> OnInstalledAsync(UserRef user, CancellationToken cancellationToken);

    /// <summary>A message or a card submit.</summary>
    Task<IReadOnlyList<BotReply>> OnMessageAsync(TurnInput input, CancellationToken cancellationToken);
}
