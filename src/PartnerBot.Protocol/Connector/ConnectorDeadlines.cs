namespace PartnerBot.Protocol.Connector;

/// <summary>How long connector calls may take, for callers that must outlast the worst case (the outbox's claims).</summary>
public static class ConnectorDeadlines
{
    /// <summary>The timeout of one HTTP attempt (the connector's HttpClient).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts, whatever Retry-After asks.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long getting the bot's token may take.</summary>
    public static readonly TimeSpan TokenDeadline = TimeSpan.FromSeconds(5);
}
