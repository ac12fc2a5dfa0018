using PartnerBot.Protocol.Activities;
using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Protocol.Authentication;

/// <summary>
/// Which authenticated activities may act at all. Outside development mode only the Teams channel (<c>msteams</c>)
/// does: on Web Chat and Direct Line (switched on for every Azure Bot) the tenant, the user and the channel data
/// are written by the client and prove nothing, so such activities get 403 and never reach a tenant's data. The
/// tenant is <c>conversation.tenantId</c>; a <c>channelData.tenant.id</c> that names another tenant is refused.
/// </summary>
public static class InboundPolicy
{
    /// <summary>The one channel that acts in a Teams tenant.</summary>
    public const string TeamsChannelId = "msteams";

    /// <summary>Null when the activity may go on to the bot; else the reason, which the caller is told.</summary>
    public static string? WhyRefused(Activity activity, BotOptions options)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsDevelopmentMode && !string.Equals(activity.ChannelId, TeamsChannelId, StringComparison.Ordinal))
        {
            return "This bot serves Microsoft Teams only.";
        }

        var conversationTenant = activity.Conversation?.TenantId;
        var channelDataTenant = activity.GetTeamsChannelData()?.Tenant?.Id;
        if (!string.IsNullOrEmpty(conversationTenant) && !string.IsNullOrEmpty(channelDataTenant)
            && !string.Equals(conversationTenant, channelDataTenant, StringComparison.OrdinalIgnoreCase))
        {
            return "The activity names two different tenants.";
        }

        return null;
    }
}
