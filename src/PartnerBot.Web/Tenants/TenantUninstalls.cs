using PartnerBot.Protocol.Activities;
using PartnerBot.Storage.Tenants;

namespace PartnerBot.Web.Tenants;

/// <summary>
/// Notes when the app leaves a tenant altogether, and forgets it when the app comes back. Called after the bot's own
/// turn (and after the installed place of a removal is forgotten), so a removal is judged on what is left.
/// </summary>
public sealed partial class TenantUninstalls(TableUninstallStore marks, TableTenantDataStore data, TimeProvider time, ILogger<TenantUninstalls> logger)
{
    public async Task ObserveAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ChannelId != "msteams" || activity.GetTenantId() is not { Length: > 0 } tenant)
        {
            return;
        }

        if (IsInstall(activity))
        {
            await marks.ClearAsync(tenant, cancellationToken);
            return;
        }

        if (IsRemoval(activity) && !await data.IsInUseAsync(tenant, cancellationToken) && await marks.MarkAsync(tenant, time.GetUtcNow(), cancellationToken))
        {
            LogUninstalled(logger);
        }
    }

    private static bool IsInstall(Activity activity) =>
        (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is "add")
        || (activity.Type == ActivityTypes.ConversationUpdate && activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true);

    private static bool IsRemoval(Activity activity) =>
        (activity.Type == ActivityTypes.InstallationUpdate && activity.Action is "remove")
        || (activity.Type == ActivityTypes.ConversationUpdate && activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "The app is in none of a tenant's teams, group chats or personal chats any more; its data is kept for the retention period unless it is installed again.")]
    private static partial void LogUninstalled(ILogger logger);
}
