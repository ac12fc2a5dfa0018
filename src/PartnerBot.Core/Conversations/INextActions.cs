namespace PartnerBot.Core.Conversations;

/// <summary>
/// The next sensible actions for a person, from what their workspace has: the buttons on the welcome, on 'help', on a
/// greeting and on an answer the bot did not understand. One feature provides it (<see cref="BotRoutes.NextActions"/>);
/// without one, those cards offer the first commands of the menu.
/// </summary>
public interface INextActions
{
    /// <summary>Command names, most sensible first; the engine keeps those that exist and takes the first few.</summary>
    Task<IReadOnlyList<string>> SuggestAsync(Caller caller, CancellationToken cancellationToken);
}
