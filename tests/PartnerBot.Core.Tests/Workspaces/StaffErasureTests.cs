using System.Text.Json;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Workspaces;

public class StaffErasureTests
{
    private const string Tenant = "tenant-forget";
    private static readonly WorkspaceKey Key = WorkspaceKey.DefaultFor(Tenant);

    [Theory]
    [InlineData("ben-id", "former-x")]
    [InlineData("step|ben-id|due", "step|former-x|due")]
    [InlineData("Ben Okafor met the curator", "a former staff member met the curator")]
    [InlineData("call BEN OKAFOR's team", "call a former staff member's team")]
    [InlineData("Ben Okaforson and Ben Okafor2 stay", "Ben Okaforson and Ben Okafor2 stay")]
    [InlineData("nothing here", "nothing here")]
    public void Scrub_ReplacesIdAnywhere_AndNameAsAWholeWord(string value, string expected)
    {
        var erasure = new StaffErasure("ben-id", "Ben Okafor", "former-x");

        Assert.Equal(expected, erasure.Scrub(value));
        Assert.Equal(value != expected, erasure.Mentions(value));
    }

    [Theory]
    [InlineData("Ben", "a former staff member")]
    [InlineData(" ben ", "a former staff member")]
    [InlineData("Ben's Bakery", "Ben's Bakery")]
    [InlineData("Met Ben at the fair", "Met Ben at the fair")]
    public void Scrub_OneWordName_OnlyAsTheWholeValue(string value, string expected)
    {
        var erasure = new StaffErasure("ben-id", "Ben", "former-x");

        Assert.Equal(expected, erasure.Scrub(value));
    }

    [Fact]
    public async Task Forget_Admin_ErasesTheMember_KeepsTheirWorkUnderAFormerStaffMember_OthersUntouched()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Tenant, "ana-id", "Ana Ruiz");
        var ben = bot.Talk(Tenant, "ben-id", "Ben Okafor");
        var chloe = bot.Talk(Tenant, "chloe-id", "Chloe Dubois");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        await chloe.SayAsync("help");
        var met = new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
        var due = new DateOnly(2026, 12, 1);
        var stores = bot.Stores;
        var partner = await ((IPartnerStore)stores).SaveAsync(Key, Partner("p1", ["ben-id", "chloe-id"]), null, default);
        await ((INextStepStore)stores).SaveAsync(Key, Step("s1", "ben-id"), null, default);
        await ((INextStepStore)stores).SaveAsync(Key, Step("s2", "chloe-id"), null, default);
        await ((IPartnerHistoryStore)stores).SaveInteractionAsync(Key, new Interaction { Id = "i1", PartnerId = "p1", UserId = "ben-id", Summary = "Met the curator", OccurredAt = met }, default);
        await ((IPartnerHistoryStore)stores).SaveInteractionAsync(Key, new Interaction { Id = "i2", PartnerId = "p1", UserId = "chloe-id", Summary = "Called Ben Okafor's contact", OccurredAt = met }, default);
        var screening = new PartnerScreening
        {
            PartnerId = "p1",
            RaterUserId = "ben-id",
            RaterName = "Ben Okafor",
            Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, _ => new Rating(4)),
            SubmittedAt = met,
        };
        Assert.Equal(ScreeningSaveResult.Saved, await ((IScreeningStore)stores).SaveAsync(Key, screening, null, partner, null, default));
        await ben.SayAsync("needs");
        Assert.NotNull(await ((IDialogStateStore)stores).GetAsync(Key, "ben-id", default));

        await ana.SayAsync("forget Ben");
        var confirm = ana.LastCard.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("Erase Ben Okafor's personal data?", confirm, StringComparison.Ordinal);
        Assert.Contains("Partners they are contact for", confirm, StringComparison.Ordinal);
        Assert.Contains("Screenings", confirm, StringComparison.Ordinal);
        Assert.Contains("Logged contacts", confirm, StringComparison.Ordinal);
        // Nothing changes before the confirmation.
        Assert.NotNull(await ((IMemberStore)stores).GetAsync(Key, "ben-id", default));

        await ana.ClickAsync("Erase Ben Okafor");

        Assert.Contains("Erased Ben Okafor's personal data", ana.Text, StringComparison.Ordinal);
        Assert.Null(await ((IMemberStore)stores).GetAsync(Key, "ben-id", default));
        Assert.Null(await ((IDialogStateStore)stores).GetAsync(Key, "ben-id", default));
        var chloeRow = await ((IMemberStore)stores).GetAsync(Key, "chloe-id", default);
        Assert.Equal("Chloe Dubois", chloeRow?.Value.Name);
        var history = await ((IPartnerHistoryStore)stores).GetAsync(Key, "p1", default);
        var formerId = Assert.Single(history.Screenings).RaterUserId;
        Assert.StartsWith(StaffErasure.ReplacementPrefix, formerId, StringComparison.Ordinal);
        Assert.Equal(StaffErasure.FormerStaffName, history.Screenings[0].RaterName);
        Assert.Equal(met, history.Screenings[0].SubmittedAt);
        Assert.Equal(formerId, history.NextSteps.Single(s => s.Id == "s1").AssigneeUserId);
        Assert.Equal(due, history.NextSteps.Single(s => s.Id == "s1").DueDate);
        Assert.Equal("chloe-id", history.NextSteps.Single(s => s.Id == "s2").AssigneeUserId);
        Assert.Equal((formerId, met), (history.Interactions.Single(i => i.Id == "i1").UserId, history.Interactions.Single(i => i.Id == "i1").OccurredAt));
        Assert.Equal("Called a former staff member's contact", history.Interactions.Single(i => i.Id == "i2").Summary);
        Assert.Equal("chloe-id", history.Interactions.Single(i => i.Id == "i2").UserId);
        var contact = (await ((IPartnerStore)stores).GetAsync(Key, "p1", default))!.Value.Contact!.UserIds;
        Assert.Equal([formerId, "chloe-id"], contact);
        var everything = JsonSerializer.Serialize(stores.PipelineRows(Key).Select(r => (object)JsonSerializer.Serialize(r, r.GetType())));
        Assert.DoesNotContain("ben-id", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Ben Okafor", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_NotAdmin_Self_OrAnAdmin_IsRefused_AndChangesNothing()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Tenant, "ana-id", "Ana Ruiz");
        var ben = bot.Talk(Tenant, "ben-id", "Ben Okafor");
        var cleo = bot.Talk(Tenant, "cleo-id", "Cleo Marsh");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        await cleo.SayAsync("help");
        await ana.SayAsync("role Cleo admin");

        var staff = await ben.SayAsync("forget Ana");
        var self = await ana.SayAsync("forget Ana");
        var admin = await ana.SayAsync("forget Cleo");
        var nobody = await ana.SayAsync("forget Zed");

        foreach (var (replies, says) in new[] { (staff, "Only a workspace admin"), (self, "your own data"), (admin, "is an admin"), (nobody, "Nobody called") })
        {
            var reply = Assert.IsType<TextReply>(Assert.Single(replies));
            Assert.True(reply.ChangedNothing, reply.Text);
            Assert.Contains(says, Transcript.TextOf(reply), StringComparison.Ordinal);
        }

        Assert.Equal(3, (await ((IMemberStore)bot.Stores).ListAsync(Key, default)).Count);
    }

    [Fact]
    public async Task Forget_StaleConfirmation_OrStaffClickingIt_IsRefused()
    {
        var bot = new TestBot();
        var ana = bot.Talk(Tenant, "ana-id", "Ana Ruiz");
        var ben = bot.Talk(Tenant, "ben-id", "Ben Okafor");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        await ana.SayAsync("forget Ben");
        var click = ana.BuildSubmit("Erase Ben Okafor");

        var byStaff = await ben.SubmitAsync(click.DeepClone().AsObject());
        await ana.SayAsync("role Ben manager");
        var stale = await ana.SubmitAsync(click);

        Assert.Contains("Only a workspace admin", Transcript.TextOf(Assert.Single(byStaff)), StringComparison.Ordinal);
        Assert.Contains("changed after the confirmation", Transcript.TextOf(Assert.Single(stale)), StringComparison.Ordinal);
        Assert.NotNull(await ((IMemberStore)bot.Stores).GetAsync(Key, "ben-id", default));
    }

    private static Partner Partner(string id, IReadOnlyList<string> contact) => new()
    {
        Id = id,
        Name = "City Museum",
        Type = PartnerType.Nonprofit,
        Sector = Sector.Civic,
        Contact = new ContactAssignment { UserIds = contact, AssignedAt = DateTimeOffset.UnixEpoch, AssignedByUserId = "ana-id" },
        CreatedByUserId = "ana-id",
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static NextStep Step(string id, string assignee) => new()
    {
        Id = id,
        PartnerId = "p1",
        AssigneeUserId = assignee,
        Description = "Send the proposal",
        DueDate = new DateOnly(2026, 12, 1),
        CreatedAt = DateTimeOffset.UnixEpoch,
        CreatedByUserId = "ana-id",
    };
}
