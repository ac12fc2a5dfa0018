using PartnerBot.Core.Conversations;

namespace PartnerBot.Core.Dialogs;

/// <summary>A flow whose open dialog the router can explain, resume or cancel.</summary>
public interface IDialogFlow
{
    /// <summary>Whether this flow owns the dialog.</summary>
    bool Owns(DialogState state);

    /// <summary>A short name for messages: "the needs assessment".</summary>
    string Describe(DialogState state);

    /// <summary>Explains the current question.</summary>
    string Help(DialogState state);

    /// <summary>
    /// What cancelling loses and how to start again, in one or two sentences: "Nothing from its three cards was
    /// saved. Type 'needs' to start again." It must be true of what the flow stores, so a person can rely on it.
    /// </summary>
    string AfterCancel(DialogState state);

    /// <summary>Shows the current card again, with the answers given so far.</summary>
    Task<IReadOnlyList<BotReply>> ResumeAsync(Caller caller, DialogState state, CancellationToken cancellationToken);
}
