namespace PartnerBot.Core.Conversations;

/// <summary>
/// Core's single entry point for what people say and submit. The host turns channel activities
/// into <see cref="TurnInput"/> and the replies into channel messages.
/// </summary>
public interface IConversationEngine
{
    /// <summary>
    /// Whether this person may use the bot here, enrolling them on first contact (<see cref="Workspaces.WorkspaceDirectory"/>).
    /// A host asks before it stores anything of its own about the person, such as their address; a refused person gets
    /// <see cref="Workspaces.Admission.Refusal"/> and nothing is stored. The turn's own call then finds them in the cache at no cost.
    /// </summary>
    Task<Workspaces.Admission> AdmitAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken);

    /// <summary>The bot was installed for, or first met, this person at <paramref name="place"/>.</summary>
    Task<IReadOnlyList<BotReply>> OnInstalledAsync(UserRef user, ConversationPlace? place, CancellationToken cancellationToken);

    /// <summary>A message or a card submit; a person who may not use the bot gets only the refusal.</summary>
    Task<IReadOnlyList<BotReply>> OnMessageAsync(TurnInput input, CancellationToken cancellationToken);
}
