namespace PartnerBot.Core.Conversations;

/// <summary>A command handler over a delegate, so one flow class can serve several commands.</summary>
public sealed class CommandHandler(BotCommand command, Func<CommandRequest, CancellationToken, Task<IReadOnlyList<BotReply>>> handle) : ICommandHandler
{
    public BotCommand Command { get; } = command;

    public Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken) =>
        handle(request, cancellationToken);
}

/// <summary>Shorthands for replies.</summary>
public static class Replies
{
    public static IReadOnlyList<BotReply> Say(string text) => [BotReply.Say(text)];

    /// <summary>A refusal that changed nothing; see <see cref="BotReply.Refuse"/>.</summary>
    public static IReadOnlyList<BotReply> Refuse(string text) => [BotReply.Refuse(text)];

    public static IReadOnlyList<BotReply> Of(params BotReply[] replies) => replies;
}
