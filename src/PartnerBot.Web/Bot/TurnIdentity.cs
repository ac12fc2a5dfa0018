using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;
using PartnerBot.Protocol.Activities;

namespace PartnerBot.Web.Bot;

/// <summary>Who is speaking and where, read once from an inbound activity.</summary>
/// <param name="User">The person, as Core sees them.</param>
/// <param name="IsPersonal">A 1:1 chat (Teams personal scope, or the playground).</param>
/// <param name="ReferenceKey">Whose conversation reference this is: the person in 1:1, else the group chat or channel.</param>
/// <param name="ConversationId">Where replies go.</param>
/// <param name="ServiceUrl">The connector that carried the activity.</param>
internal sealed record TurnIdentity(UserRef User, bool IsPersonal, string ReferenceKey, string ConversationId, string ServiceUrl)
{
    /// <summary>Ids are opaque, but nothing Teams sends comes close; longer ones are not worth a table key.</summary>
    private const int MaxIdLength = 256;

    /// <summary>
    /// Null when the activity lacks a tenant, a sender or an address: such activities are ignored. The tenant is
    /// <c>conversation.tenantId</c> only. With <paramref name="requireEntraUser"/> (always, outside development
    /// mode) the sender must have an Entra object id: a Teams user always has one, and the channel id alone is
    /// no proof of who someone is.
    /// </summary>
    public static TurnIdentity? From(Activity activity, bool requireEntraUser)
    {
        var tenant = activity.GetTenantId();
        var userId = requireEntraUser
            ? Usable(activity.From?.AadObjectId)
            : Usable(activity.From?.AadObjectId) ?? Usable(activity.From?.Id);
        var conversationId = Usable(activity.Conversation?.Id);
        var serviceUrl = activity.ServiceUrl;
        if (Usable(tenant) is null || userId is null || conversationId is null || string.IsNullOrWhiteSpace(serviceUrl))
        {
            return null;
        }

        var type = activity.Conversation?.ConversationType;
        var isPersonal = activity.Conversation?.IsGroup != true && (type is null || type == "personal");
        var name = string.IsNullOrWhiteSpace(activity.From?.Name) ? "there" : activity.From!.Name!.Trim();
        var user = new UserRef(tenant!, userId, name, ReportedZone(activity));
        return new TurnIdentity(user, isPersonal, isPersonal ? userId : ChannelKey(conversationId), conversationId, serviceUrl);
    }

    /// <summary>
    /// The zone the person's client says they are in: the activity's <c>localTimezone</c>, else the <c>timezone</c> of
    /// its <c>clientInfo</c> entity (Teams sends both on messages; some activities carry only the entity).
    /// </summary>
    private static string? ReportedZone(Activity activity)
    {
        if (!string.IsNullOrWhiteSpace(activity.LocalTimezone))
        {
            return activity.LocalTimezone;
        }

        foreach (var entity in activity.Entities ?? [])
        {
            // Client-written values: anything that is not a string is ignored, never a crash.
            if (entity["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "clientInfo"
                && entity["timezone"] is JsonValue zone && zone.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>A reply thread in a channel has ";messageid=…" after the channel's id; the channel is what we keep.</summary>
    private static string ChannelKey(string conversationId)
    {
        var cut = conversationId.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? conversationId : conversationId[..cut];
    }

    private static string? Usable(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength ? null : id;
}
