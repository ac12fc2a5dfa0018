namespace PartnerBot.Testing.Transcripts;

/// <summary>A person in a Teams 1:1 chat with the bot: the ids Teams would send.</summary>
public sealed record TranscriptIdentity(
    string TenantId,
    string UserName,
    string AadObjectId,
    string ChannelUserId,
    string ConversationId,
    string ServiceUrl,
    string BotId,
    string BotName)
{
    /// <summary>.test never resolves: a reply that escaped the recording connector could not reach anyone.</summary>
    public const string DefaultServiceUrl = "https://smba.transcript.test/amer/";

    public static TranscriptIdentity Create(string userName, string tenantId)
    {
        var id = Guid.NewGuid().ToString("N");
        return new TranscriptIdentity(
            tenantId,
            userName,
            AadObjectId: Guid.NewGuid().ToString(),
            ChannelUserId: "29:" + id,
            ConversationId: "a:" + id,
            DefaultServiceUrl,
            BotId: "28:partnerbot-test",
            BotName: "PartnerBot");
    }
}
