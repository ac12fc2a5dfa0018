namespace PartnerBot.Protocol.DirectLine;

/// <summary>Constants of the in-process Direct Line playground.</summary>
public static class DirectLinePlayground
{
    /// <summary>
    /// The service URL of playground activities. <c>.invalid</c> never resolves, so a reply to it can
    /// only be delivered in-process, never leak to the network.
    /// </summary>
    public const string ServiceUrl = "https://playground.partnerbot.invalid/";

    /// <summary>The channel id of playground activities.</summary>
    public const string ChannelId = "directline";

    /// <summary>The bot's account id in playground conversations.</summary>
    public const string BotId = "partnerbot";

    /// <summary>True for the playground's service URL.</summary>
    public static bool IsPlaygroundServiceUrl(string? serviceUrl) =>
        serviceUrl is not null && string.Equals(serviceUrl.TrimEnd('/') + "/", ServiceUrl, StringComparison.OrdinalIgnoreCase);
}
