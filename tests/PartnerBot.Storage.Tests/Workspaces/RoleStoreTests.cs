using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tests.Support;

namespace PartnerBot.Storage.Tests.Workspaces;

/// <summary>Roles and the admin roster on real tables (Azurite): the roster is what keeps a workspace from losing its last admin.</summary>
public class RoleStoreTests
{
    private static string Tenant() => "t" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task FirstContact_WritesTheAdminAndTheRoster_AndMemberListsLeaveTheRosterOut()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        await bot.Talk(tenant, "u-ana", "Ana").SayAsync("help");
        await bot.Talk(tenant, "u-ben", "Ben").SayAsync("help");

        var key = WorkspaceKey.DefaultFor(tenant);
        var roles = await bot.Members.ReadAsync(key, default);
        Assert.Equal(["u-ana"], roles.Admins?.Value.UserIds);
        Assert.Equal(["u-ana", "u-ben"], (await bot.Members.ListAsync(key, default)).Select(m => m.UserId).Order(StringComparer.Ordinal));
        Assert.NotNull(await bot.Workspaces.GetAsync(key, default));
    }

    [Fact]
    public async Task Save_BothReadThenBothWrite_TheSecondConflicts_AndChangesNothing()
    {
        var (bot, key) = await TwoAdminsAsync();
        var readByAna = await bot.Members.ReadAsync(key, default);
        var readByBen = await bot.Members.ReadAsync(key, default);
        var ben = readByAna.Members.Single(m => m.Value.UserId == "u-ben");
        var ana = readByBen.Members.Single(m => m.Value.UserId == "u-ana");

        await bot.Members.SaveAsync(ben.Value with { Role = WorkspaceRole.Staff }, ben.ETag, readByAna.Admins!.Value.Without("u-ben"), readByAna.Admins.ETag, default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.Members.SaveAsync(ana.Value with { Role = WorkspaceRole.Staff }, ana.ETag, readByBen.Admins!.Value.Without("u-ana"), readByBen.Admins.ETag, default));

        var after = await bot.Members.ReadAsync(key, default);
        Assert.Equal(["u-ana"], after.Admins?.Value.UserIds);
        var anaAfter = after.Members.Single(m => m.Value.UserId == "u-ana");
        Assert.Equal(WorkspaceRole.Admin, anaAfter.Value.Role);
        Assert.Equal(ana.ETag, anaAfter.ETag);
    }

    [Fact]
    public async Task TwoAdminsDemoteEachOther_AtTheSameMoment_OneAdminRemains()
    {
        var (bot, key) = await TwoAdminsAsync();
        var directory = RacingDirectory(bot);

        var results = await Task.WhenAll(
            directory.ChangeRoleAsync(Admin(key, "u-ana", "Ana"), "u-ben", WorkspaceRole.Staff, default),
            directory.ChangeRoleAsync(Admin(key, "u-ben", "Ben"), "u-ana", WorkspaceRole.Staff, default));

        Assert.Single(results, r => r.Done);
        Assert.Single(results, r => r.Check == RoleChangeCheck.CallerNotAdmin);
        await AssertOneAdminAsync(bot, key);
    }

    [Fact]
    public async Task TwoAdminsStepDown_AtTheSameMoment_TheSecondWouldLeaveNone_AndIsRefused()
    {
        var (bot, key) = await TwoAdminsAsync();
        var directory = RacingDirectory(bot);

        var results = await Task.WhenAll(
            directory.ChangeRoleAsync(Admin(key, "u-ana", "Ana"), "u-ana", WorkspaceRole.Manager, default),
            directory.ChangeRoleAsync(Admin(key, "u-ben", "Ben"), "u-ben", WorkspaceRole.Manager, default));

        Assert.Single(results, r => r.Done);
        Assert.Single(results, r => r.Check == RoleChangeCheck.LastAdmin);
        await AssertOneAdminAsync(bot, key);
    }

    private static async Task<(TableBot Bot, WorkspaceKey Key)> TwoAdminsAsync()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var ana = bot.Talk(tenant, "u-ana", "Ana");
        await ana.SayAsync("help");
        await bot.Talk(tenant, "u-ben", "Ben").SayAsync("help");
        await ana.SayAsync("role Ben admin");
        Assert.Contains("Ben is now an admin", ana.Text, StringComparison.Ordinal);
        return (bot, WorkspaceKey.DefaultFor(tenant));
    }

    private static Caller Admin(WorkspaceKey key, string userId, string name) => new(new UserRef(key.TenantId, userId, name), key, WorkspaceRole.Admin);

    /// <summary>A directory whose first two reads of the roles both finish before either caller goes on to write.</summary>
    private static WorkspaceDirectory RacingDirectory(TableBot bot) =>
        new(bot.Workspaces, bot.Members, new BothReadFirst(bot.Members), bot.Roster, ConfiguredAdmins.None, bot.Time);

    private static async Task AssertOneAdminAsync(TableBot bot, WorkspaceKey key)
    {
        var roles = await bot.Members.ReadAsync(key, default);
        var admin = Assert.Single(roles.Admins!.Value.UserIds);
        Assert.Equal([admin], roles.Members.Where(m => m.Value.Role == WorkspaceRole.Admin).Select(m => m.Value.UserId));
    }

    private sealed class BothReadFirst(IRoleStore inner) : IRoleStore
    {
        private readonly TaskCompletionSource bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int reads;

        public async Task<WorkspaceRoles> ReadAsync(WorkspaceKey workspace, CancellationToken cancellationToken)
        {
            var roles = await inner.ReadAsync(workspace, cancellationToken);
            var read = Interlocked.Increment(ref reads);
            if (read == 2)
            {
                bothRead.TrySetResult();
            }

            if (read <= 2)
            {
                await bothRead.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }

            return roles;
        }

        public Task SaveAsync(Member member, string? memberETag, AdminRoster admins, string? adminsETag, CancellationToken cancellationToken) =>
            inner.SaveAsync(member, memberETag, admins, adminsETag, cancellationToken);
    }
}
