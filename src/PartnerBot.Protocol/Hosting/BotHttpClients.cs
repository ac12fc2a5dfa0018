namespace PartnerBot.Protocol.Hosting;

/// <summary>The names of the HttpClients the protocol layer uses; tests replace their handlers by name.</summary>
public static class BotHttpClients
{
    /// <summary>Fetches OpenID metadata and signing keys.</summary>
    public const string OpenIdMetadata = "PartnerBot.Protocol.OpenIdMetadata";

    /// <summary>Calls the Bot Connector REST API.</summary>
    public const string Connector = "PartnerBot.Protocol.Connector";
}
