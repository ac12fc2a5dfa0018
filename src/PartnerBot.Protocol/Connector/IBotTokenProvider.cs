namespace PartnerBot.Protocol.Connector;

/// <summary>Supplies the bot's outbound access token for the Bot Connector.</summary>
public interface IBotTokenProvider
{
    /// <summary>A token for <c>https://api.botframework.com</c>, or null in development mode (no app id).</summary>
    Task<string?> GetTokenAsync(CancellationToken cancellationToken);
}
