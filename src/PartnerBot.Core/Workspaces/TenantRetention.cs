namespace PartnerBot.Core.Workspaces;

/// <summary>
/// When a tenant's data goes after the app was removed from it. A tenant counts as uninstalled when the bot is in none
/// of its teams or group chats and no person's own chat with it is reachable; its data goes once it has stayed so for
/// the retention period. Using the app again (a reinstall, or any person reachable again) keeps everything.
/// </summary>
public static class TenantRetention
{
    public static bool IsUninstalled(bool anyInstalledPlace, bool anyReachablePerson) => !anyInstalledPlace && !anyReachablePerson;

    /// <summary>True once <paramref name="retention"/> has passed since <paramref name="uninstalledAt"/>.</summary>
    public static bool IsDue(DateTimeOffset uninstalledAt, DateTimeOffset now, TimeSpan retention) => now - uninstalledAt >= retention;
}
