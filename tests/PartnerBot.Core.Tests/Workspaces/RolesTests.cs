using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Workspaces;

public class RolesTests
{
    private const string Tenant = "tenant-roles";
    private const string Configured = "0c0f1a9e-0000-4000-8000-00000000c0de";

    private static readonly WorkspaceKey Key = WorkspaceKey.DefaultFor(Tenant);

    public static TheoryData<string[], string, string?, WorkspaceRole, RoleChangeCheck> Cases() => new()
    {
        { ["ana"], "ben", "ana", WorkspaceRole.Staff, RoleChangeCheck.CallerNotAdmin },
        { ["ana"], "ana", null, WorkspaceRole.Manager, RoleChangeCheck.NoSuchMember },
        { ["ana"], "ana", "ben", WorkspaceRole.Manager, RoleChangeCheck.Allowed },
        { ["ana"], "ana", "ben", WorkspaceRole.Admin, RoleChangeCheck.Allowed },
        { ["ana"], "ana", "ana", WorkspaceRole.Staff, RoleChangeCheck.LastAdmin },
        { ["ana"], "ana", "ana", WorkspaceRole.Admin, RoleChangeCheck.Allowed },
        { ["ana", "ben"], "ana", "ana", WorkspaceRole.Staff, RoleChangeCheck.Allowed },
        { ["ana", "ben"], "ana", "ben", WorkspaceRole.Manager, RoleChangeCheck.Allowed },
        { ["ana", Configured], "ana", Configured, WorkspaceRole.Staff, RoleChangeCheck.ConfiguredAdmin },
        { ["ana", Configured], Configured, "ana", WorkspaceRole.Staff, RoleChangeCheck.Allowed },
        { [Configured], Configured, Configured, WorkspaceRole.Manager, RoleChangeCheck.ConfiguredAdmin },
        { [Configured], Configured, Configured, WorkspaceRole.Admin, RoleChangeCheck.Allowed },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_AdminsOnly_ConfiguredAdminsStay_AndAnAdminRemains(string[] admins, string caller, string? target, WorkspaceRole role, RoleChangeCheck expected)
    {
        var member = target is null ? null : new Member { Workspace = Key, UserId = target, Name = target, JoinedAt = DateTimeOffset.UnixEpoch };

        var check = RoleRules.Check(admins.ToHashSet(), caller, member, role, new ConfiguredAdmins([Configured]));

        Assert.Equal(expected, check);
    }

    [Fact]
    public void Admins_CountConfiguredMembersOfThisWorkspaceOnly()
    {
        Stored<Member> M(string id) => new(new Member { Workspace = Key, UserId = id, Name = id, JoinedAt = DateTimeOffset.UnixEpoch }, "e");
        var roles = new WorkspaceRoles([M("ana"), M(Configured.ToUpperInvariant()), M("ben")], new Stored<AdminRoster>(AdminRoster.Of("ana"), "r"));

        var admins = RoleRules.Admins(roles, new ConfiguredAdmins([Configured, "6b1e0c3a-0000-4000-8000-0000000000ff"]));

        Assert.Equal([Configured.ToUpperInvariant(), "ana"], admins.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ConfiguredAdmin_NotFirst_IsAdmin_AndCannotBeDemoted()
    {
        var bot = WithConfiguredAdmin();
        var ana = bot.Talk(Tenant, "ana", "Ana");
        var cleo = bot.Talk(Tenant, Configured, "Cleo");
        await ana.SayAsync("help");
        await cleo.SayAsync("help");

        await ana.SayAsync("role Cleo staff");

        Assert.Contains("admin by PartnerBot's own settings", ana.Text, StringComparison.Ordinal);
        var roles = await ((IRoleStore)bot.Stores).ReadAsync(Key, default);
        Assert.Equal(WorkspaceRole.Admin, roles.Members.Single(m => m.Value.UserId == Configured).Value.Role);
        Assert.Equal(["ana", Configured], roles.Admins?.Value.UserIds);
    }

    [Fact]
    public async Task ConfiguredAdmin_DemotesTheFirstAdmin_WhoThenCannotChangeRoles()
    {
        var bot = WithConfiguredAdmin();
        var ana = bot.Talk(Tenant, "ana", "Ana");
        var cleo = bot.Talk(Tenant, Configured, "Cleo");
        await ana.SayAsync("help");
        await cleo.SayAsync("help");

        await cleo.SayAsync("role Ana staff");
        await ana.SayAsync("role Cleo manager");

        var roles = await ((IRoleStore)bot.Stores).ReadAsync(Key, default);
        Assert.Equal(WorkspaceRole.Staff, roles.Members.Single(m => m.Value.UserId == "ana").Value.Role);
        Assert.Equal([Configured], roles.Admins?.Value.UserIds);
        Assert.Contains("Only a workspace admin", ana.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredAfterJoining_IsAdminOnTheirNextTurn_AndStoredAsSuch()
    {
        var bot = new TestBot();
        await bot.Talk(Tenant, "ana", "Ana").SayAsync("help");
        var cleo = bot.Talk(Tenant, Configured, "Cleo");
        await cleo.SayAsync("help");
        Assert.Equal(WorkspaceRole.Staff, await bot.Directory.CurrentRoleAsync(Key, Configured, default));

        bot.Admins = new ConfiguredAdmins([Configured]);
        cleo.Engine = bot.Restart();
        await cleo.SayAsync("role Ana manager");

        Assert.Contains("Ana is now a manager", cleo.Text, StringComparison.Ordinal);
        var stored = await ((IMemberStore)bot.Stores).GetAsync(Key, Configured, default);
        Assert.Equal(WorkspaceRole.Admin, stored?.Value.Role);
    }

    [Fact]
    public async Task LastAdmin_CannotStepDown_UntilThereIsAnother()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Tenant, "ana", "Ana");
        await ana.SayAsync("help");
        await bot.Talk(Tenant, "ben", "Ben").SayAsync("help");

        await ana.SayAsync("role Ana staff");
        Assert.Contains("only admin", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("role Ben admin");
        await ana.SayAsync("role Ana staff");
        Assert.Contains("Ana is now a staff", ana.Text, StringComparison.Ordinal);
        Assert.Equal(["ben"], (await ((IRoleStore)bot.Stores).ReadAsync(Key, default)).Admins?.Value.UserIds);
    }

    [Fact]
    public async Task AdminDemotedThroughAnotherInstance_IsToldSo_AndChangesNothing()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Tenant, "ana", "Ana");
        await ana.SayAsync("help");
        var ben = bot.Talk(Tenant, "ben", "Ben");
        await ben.SayAsync("help");
        await ana.SayAsync("role Ben admin");

        ben.Engine = bot.Restart();
        await ben.SayAsync("role Ana staff");
        await ana.SayAsync("role Ben staff");

        Assert.Contains("no longer an admin", ana.Text, StringComparison.Ordinal);
        Assert.Equal(["ben"], (await ((IRoleStore)bot.Stores).ReadAsync(Key, default)).Admins?.Value.UserIds);
    }

    private static TestBot WithConfiguredAdmin()
    {
        var bot = new TestBot { Admins = new ConfiguredAdmins([Configured]) };
        bot.Restart();
        return bot;
    }
}
