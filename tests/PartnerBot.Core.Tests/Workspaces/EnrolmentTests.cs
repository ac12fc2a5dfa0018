using PartnerBot.Core.Conversations;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Workspaces;

public class EnrolmentTests
{
    private const string Tenant = "tenant-a";
    private const string ObjectId = "6b1e0c3a-0000-4000-8000-0000000000a1";

    public static TheoryData<RosterRole?, string?, string?, StaffStatus> Cases() => new()
    {
        { RosterRole.Member, Tenant, ObjectId, StaffStatus.Staff },
        { RosterRole.Member, "TENANT-A", null, StaffStatus.Staff },
        { RosterRole.Member, Tenant, ObjectId.ToUpperInvariant(), StaffStatus.Staff },
        { RosterRole.Guest, Tenant, ObjectId, StaffStatus.Guest },
        { RosterRole.Anonymous, Tenant, null, StaffStatus.Guest },
        { RosterRole.Guest, "tenant-b", ObjectId, StaffStatus.Guest },
        { RosterRole.Member, "tenant-b", ObjectId, StaffStatus.External },
        { RosterRole.Member, null, ObjectId, StaffStatus.Unknown },
        { RosterRole.Member, "", ObjectId, StaffStatus.Unknown },
        { RosterRole.Member, Tenant, "someone-else", StaffStatus.Unknown },
        { RosterRole.Unrecognised, Tenant, ObjectId, StaffStatus.Unknown },
        { null, null, null, StaffStatus.Unknown },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_OnlyTheTenantsOwnMembersAreStaff(RosterRole? role, string? tenant, string? objectId, StaffStatus expected)
    {
        var entry = role is null ? null : new RosterEntry(role.Value, tenant, objectId);

        Assert.Equal(expected, EnrolmentRules.Classify(new UserRef(Tenant, ObjectId, "Ada"), entry));
    }

    [Theory]
    [InlineData(RosterRole.Guest, "guests can't use it here")]
    [InlineData(RosterRole.Anonymous, "guests can't use it here")]
    public async Task GuestOrAnonymous_IsRefusedPolitely_AndNothingIsStored(RosterRole role, string expected)
    {
        var bot = new TestBot();
        var t = bot.Talk(Tenant, ObjectId, "Gus");
        bot.Roster.Entries[ObjectId] = new RosterEntry(role, Tenant, ObjectId);

        await t.SayAsync("help");

        Assert.Contains(expected, t.Text, StringComparison.Ordinal);
        Assert.Contains("ask a colleague at the library", t.Text, StringComparison.Ordinal);
        await AssertNothingStoredAsync(bot, ObjectId);
    }

    [Fact]
    public async Task PersonOfAnotherTenant_IsRefused_AndNothingIsStored()
    {
        var bot = new TestBot();
        var t = bot.Talk(Tenant, ObjectId, "Eve");
        bot.Roster.Entries[ObjectId] = new RosterEntry(RosterRole.Member, "tenant-b", ObjectId);

        await t.SubmitAsync(new System.Text.Json.Nodes.JsonObject { ["action"] = "command", ["command"] = "partners" });

        Assert.Contains("signed in with another organisation", t.Text, StringComparison.Ordinal);
        await AssertNothingStoredAsync(bot, ObjectId);
    }

    [Fact]
    public async Task LookupWithoutAnswer_IsRefused_NothingStored_AndATryLaterEnrols()
    {
        var bot = new TestBot();
        var t = bot.Talk(Tenant, ObjectId, "Ada");
        bot.Roster.Entries[ObjectId] = null;

        var refused = await bot.Engine.OnInstalledAsync(t.User, null, CancellationToken.None);

        Assert.Contains("could not check your membership", Transcript.TextOf(Assert.Single(refused)), StringComparison.Ordinal);
        await AssertNothingStoredAsync(bot, ObjectId);

        bot.Roster.Entries.TryRemove(ObjectId, out _);
        await t.SayAsync("help");
        Assert.Contains("What I can do", t.Text, StringComparison.Ordinal);
        Assert.Equal(WorkspaceRole.Admin, (await Members(bot).GetAsync(WorkspaceKey.DefaultFor(Tenant), ObjectId, default))?.Value.Role);
    }

    [Fact]
    public async Task KnownMember_IsNotLookedUpAgain_EvenAfterARestart()
    {
        var bot = new TestBot();
        var t = bot.Talk(Tenant, ObjectId, "Ada");
        await t.SayAsync("help");
        await t.SayAsync("help");
        t.Engine = bot.Restart();
        await t.SayAsync("help");

        Assert.Equal(1, bot.Roster.Lookups);
    }

    [Fact]
    public async Task Staff_AreEnrolled_FirstAsAdminThenAsStaff_WithTheRosterNamingTheAdmin()
    {
        var bot = new TestBot();
        await bot.Talk(Tenant, "u1", "Ana").SayAsync("help");
        await bot.Talk(Tenant, "u2", "Ben").SayAsync("help");

        var roles = await ((IRoleStore)bot.Stores).ReadAsync(WorkspaceKey.DefaultFor(Tenant), default);
        Assert.Equal(["u1"], roles.Admins?.Value.UserIds);
        Assert.Equal(WorkspaceRole.Staff, roles.Members.Single(m => m.Value.UserId == "u2").Value.Role);
    }

    [Fact]
    public async Task WorkspaceWithoutRoster_NextPersonBecomesItsFirstAdmin()
    {
        // A creation that stopped after the workspace row, before its first admin.
        var bot = new TestBot();
        var key = WorkspaceKey.DefaultFor(Tenant);
        await ((IWorkspaceStore)bot.Stores).CreateAsync(new Workspace { Key = key, Name = "Library", CreatedAt = bot.Time.GetUtcNow(), CreatedByUserId = "gone" }, new Member { Workspace = WorkspaceKey.DefaultFor("elsewhere"), UserId = "gone", Name = "Gone", JoinedAt = bot.Time.GetUtcNow() }, default);

        await bot.Talk(Tenant, "u1", "Ana").SayAsync("help");

        Assert.Equal(WorkspaceRole.Admin, (await Members(bot).GetAsync(key, "u1", default))?.Value.Role);
    }

    private static IMemberStore Members(TestBot bot) => bot.Stores;

    private static async Task AssertNothingStoredAsync(TestBot bot, string userId)
    {
        var key = WorkspaceKey.DefaultFor(Tenant);
        Assert.Null(await ((IWorkspaceStore)bot.Stores).GetAsync(key, default));
        Assert.Null(await Members(bot).GetAsync(key, userId, default));
        Assert.Empty(await Members(bot).ListAsync(key, default));
    }
}
