namespace PartnerBot.Protocol.Bots;

/// <summary>The application's side of a turn: one method, called once per inbound activity.</summary>
public interface IBot
{
    /// <summary>Handles one activity; replies go through <paramref name="turnContext"/>.</summary>
    Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken);
}
