using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// Done, Reschedule and Hand over on a reminder about a next step, through /api/messages over Azurite: the same rules
/// as the step's own card. Ada is the admin, Bob and Cleo are staff; the step is Cleo's and the partner's contact team
/// is Cleo and Bob.
/// </summary>
public sealed class NudgeStepTranscriptTests
{
    /// <summary>Monday 11:00 in Copenhagen (the transcripts' zone): inside working hours.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly DateOnly Today = DateOnly.FromDateTime(Monday.UtcDateTime);

    [Fact]
    public async Task StaffWhoIsNotTheAssignee_ClicksDoneRescheduleHandOver_OnSomeoneElsesNudge_IsRefused_NothingChanges()
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();
        var before = await s.StateAsync();
        var seen = s.Bob.Replies.Count;

        await s.Bob.SendSubmit(Click(nudge, "Done"));
        await s.Bob.SendSubmit(Click(nudge, "Reschedule", ("dueDate", Iso(Today.AddDays(20)))));
        await s.Bob.SendSubmit(Click(nudge, "Hand over", ("toUser", s.Bob.Identity.AadObjectId)));

        var answers = s.Bob.Replies.Skip(seen).ToList();
        Assert.Equal(3, answers.Count);
        Assert.All(answers, a => Assert.Contains("Only the person it is assigned to, a manager or an admin", a.Text, StringComparison.Ordinal));
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task StaleNudge_AfterTheStepWasRescheduled_ChangesNothing_AndShowsTheCurrentStep()
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();
        await s.Cleo.Send("my steps");
        await s.Cleo.SendSubmit(Click(s.Cleo.LastCard, "Reschedule", ("due", Iso(Today.AddDays(14)))));
        Assert.Contains("Rescheduled to", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        var before = await s.StateAsync();

        await s.Cleo.SendSubmit(Click(nudge, "Done"));
        await s.Cleo.SendSubmit(Click(nudge, "Hand over", ("toUser", s.Ada.Identity.AadObjectId)));

        Assert.Equal(before, await s.StateAsync());
        var answers = s.Cleo.Replies.TakeLast(4).ToList();
        Assert.Contains("changed after the card was sent", answers[0].Text, StringComparison.Ordinal);
        Assert.Contains(Core.Cards.Dates.Day(Today.AddDays(14)), Transcript.TextOf(Assert.Single(Transcript.CardsOf(answers[1]))), StringComparison.Ordinal);
        Assert.Contains("changed after the card was sent", answers[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NudgeSentBeforeCardsCarriedTheStepsVersion_ChangesNothing_AndItsCurrentCardWorks()
    {
        await using var s = await SetUpAsync();
        var old = Click(await s.CleosNudgeAsync(), "Done");
        Assert.True(old.Remove("etag"), "A reminder about a step carries the step's version.");
        var before = await s.StateAsync();

        await s.Cleo.SendSubmit(old);

        Assert.Equal(before, await s.StateAsync());
        Assert.Contains("cannot tell whether this next step changed", s.Cleo.Replies[^2].Text, StringComparison.Ordinal);
        await s.Cleo.SendSubmit(Click(s.Cleo.LastCard, "Done"));
        Assert.Contains("Marked done", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal(NextStepStatus.Done, (await s.StateAsync()).Status);
    }

    [Fact]
    public async Task Assignee_ReschedulesFromTheNudge_ThenTheSameNudgeIsSpent_AndDoneFromTheCurrentCardCloses()
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();

        await s.Cleo.SendSubmit(Click(nudge, "Reschedule", ("dueDate", Iso(Today.AddDays(10)))));
        Assert.Contains($"Rescheduled to {Core.Cards.Dates.Day(Today.AddDays(10))}", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        var rescheduled = await s.StateAsync();
        Assert.Equal((Today.AddDays(10), NextStepStatus.Open), (rescheduled.Due, rescheduled.Status));

        await s.Cleo.SendSubmit(Click(nudge, "Done"));
        Assert.Contains("changed after the card was sent", s.Cleo.Replies[^2].Text, StringComparison.Ordinal);
        Assert.Equal(rescheduled, await s.StateAsync());

        await s.Cleo.SendSubmit(Click(s.Cleo.LastCard, "Done"));
        Assert.Contains("Marked done", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal(NextStepStatus.Done, (await s.StateAsync()).Status);
    }

    [Fact]
    public async Task Assignee_HandsOverFromTheNudge_TheOtherContactsStay_AndTheNewAssigneeGetsTheStep()
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();

        await s.Cleo.SendSubmit(Click(nudge, "Hand over", ("toUser", "ada")));

        Assert.Contains("Handed over to Ada", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        var after = await s.StateAsync();
        Assert.Equal(s.Ada.Identity.AadObjectId, after.Assignee);
        Assert.Equal($"{s.Ada.Identity.AadObjectId},{s.Bob.Identity.AadObjectId}", after.Contacts);
        await s.App.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(default);
        Assert.Contains(s.Ada.Cards, c => Transcript.TextOf(c).Contains("Send the exhibition proposal", StringComparison.Ordinal)
            && c.ToJsonString().Contains("step.done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditStep_OnTheNudge_ByTheAssignee_ChangesTheText_TooLongOrByOtherStaffOrStale_ChangesNothing()
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();
        Assert.Equal("Send the exhibition proposal", (string?)Nodes(nudge).Single(o => (string?)o["id"] == "text")["value"]);
        var before = await s.StateAsync();

        await s.Bob.SendSubmit(Click(nudge, "Save the step", ("text", "Bob's rewrite")));
        Assert.Contains("Only the person it is assigned to, a manager or an admin", s.Bob.Replies[^1].Text, StringComparison.Ordinal);
        await s.Cleo.SendSubmit(Click(nudge, "Save the step", ("text", new string('x', 501))));
        Assert.Contains("at most 500 characters (it has 501)", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal(before, await s.StateAsync());

        await s.Cleo.SendSubmit(Click(nudge, "Save the step", ("text", "Send the proposal and the budget")));
        Assert.Contains("Updated the next step: Send the proposal and the budget", s.Cleo.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal("Send the proposal and the budget", (await s.Steps.GetAsync(s.Workspace, "s-light", default))!.Value.Description);

        await s.Cleo.SendSubmit(Click(nudge, "Save the step", ("text", "A stale rewrite")));
        Assert.Contains("changed after the card was sent", s.Cleo.Replies[^2].Text, StringComparison.Ordinal);
        Assert.Equal("Send the proposal and the budget", (await s.Steps.GetAsync(s.Workspace, "s-light", default))!.Value.Description);
    }

    [Theory]
    [InlineData("entityId", "s-other")]
    [InlineData("entityId", "s-dark")]
    [InlineData("entityId", "../s-light")]
    [InlineData("entityId", "s-light#x")]
    [InlineData("entityId", "s-light?x")]
    [InlineData("entityId", "s\\light")]
    [InlineData("entityId", "oversized")]
    [InlineData("partnerId", "p-dark")]
    public async Task TamperedNudge_ClearAnswer_NothingChanges(string field, string value)
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();
        var other = WorkspaceKey.DefaultFor("tenant-other-" + Guid.NewGuid().ToString("N")[..6]);
        await SeedAsync(s.App, other, "p-other", "s-other", s.Cleo.Identity.AadObjectId, []);
        await SeedAsync(s.App, s.Workspace, "p-dark", "s-dark", s.Cleo.Identity.AadObjectId, []);
        var before = await s.StateAsync();
        var darkBefore = await s.Steps.GetAsync(s.Workspace, "s-dark", default);
        var forged = value == "oversized" ? new string('s', 5_000) : value;
        var seen = s.Cleo.Replies.Count;

        foreach (var click in new[] { Click(nudge, "Done"), Click(nudge, "Reschedule", ("dueDate", Iso(Today.AddDays(5)))), Click(nudge, "Hand over", ("toUser", "ada")) })
        {
            click[field] = forged;
            await s.Cleo.SendSubmit(click);
        }

        var answers = s.Cleo.Replies.Skip(seen).ToList();
        Assert.Equal(3, answers.Count);
        Assert.All(answers, a => Assert.Contains("That next step is not in your workspace", a.Text, StringComparison.Ordinal));
        Assert.Equal(before, await s.StateAsync());
        Assert.Equal(darkBefore, await s.Steps.GetAsync(s.Workspace, "s-dark", default));
        Assert.Equal(NextStepStatus.Open, (await s.Steps.GetAsync(other, "s-other", default))!.Value.Status);
    }

    [Fact]
    public async Task HandOverToAnOversizedOrUnknownColleague_ClearAnswer_NothingChanges()
    {
        await using var s = await SetUpAsync();
        var nudge = await s.CleosNudgeAsync();
        var before = await s.StateAsync();

        await s.Cleo.SendSubmit(Click(nudge, "Hand over", ("toUser", new string('a', 5_000))));
        Assert.Equal("Name a colleague in this workspace. Nothing was changed.", s.Cleo.Replies[^1].Text);
        await s.Cleo.SendSubmit(Click(nudge, "Hand over", ("toUser", "Somebody Else")));
        Assert.Equal("I do not know that colleague in this workspace. Nothing was changed.", s.Cleo.Replies[^1].Text);
        Assert.Equal(before, await s.StateAsync());
    }

    /// <summary>The step and its partner as stored, versions included: equal means nothing was written.</summary>
    private sealed record StepState(string ETag, string Assignee, DateOnly Due, NextStepStatus Status, string PartnerETag, string Contacts);

    private sealed class Setup(PartnerBotFactory app, FakeTimeProvider clock, Transcript ada, Transcript bob, Transcript cleo) : IAsyncDisposable
    {
        public PartnerBotFactory App { get; } = app;
        public Transcript Ada { get; } = ada;
        public Transcript Bob { get; } = bob;
        public Transcript Cleo { get; } = cleo;
        public WorkspaceKey Workspace => WorkspaceKey.DefaultFor(Cleo.Identity.TenantId);
        public INextStepStore Steps => App.Services.GetRequiredService<INextStepStore>();

        /// <summary>Plans and delivers the reminders; Cleo's step is due tomorrow, so she gets one about it.</summary>
        public async Task<JsonObject> CleosNudgeAsync()
        {
            var plan = await App.Services.GetRequiredService<FollowThroughPlanner>().PlanAsync(clock.GetUtcNow(), default);
            await App.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(default);
            Assert.True(plan.Nudges >= 1, "The planner sent no reminder.");
            return Cleo.Cards.Last(c => c.ToJsonString().Contains($"\"{FollowThroughActions.Done}\"", StringComparison.Ordinal)
                && c.ToJsonString().Contains("\"s-light\"", StringComparison.Ordinal));
        }

        public async Task<StepState> StateAsync()
        {
            var step = (await Steps.GetAsync(Workspace, "s-light", default))!;
            var partner = (await App.Services.GetRequiredService<IPartnerStore>().GetAsync(Workspace, "p-light", default))!;
            var contacts = string.Join(',', partner.Value.Contact?.UserIds ?? []);
            return new StepState(step.ETag, step.Value.AssigneeUserId, step.Value.DueDate, step.Value.Status, partner.ETag, contacts);
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<Setup> SetUpAsync()
    {
        var clock = new FakeTimeProvider(Monday);
        var app = await PartnerBotFactory.CreateAsync(o =>
        {
            // The test drives the planner and the outbox itself, on the fake clock.
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
            o.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
        });
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Transcript("Ada", tenant);
        var bob = app.Transcript("Bob", tenant);
        var cleo = app.Transcript("Cleo", tenant);
        foreach (var person in new[] { ada, bob, cleo })
        {
            await person.Send("help");
        }

        var setup = new Setup(app, clock, ada, bob, cleo);
        await SeedAsync(app, setup.Workspace, "p-light", "s-light", cleo.Identity.AadObjectId, [bob.Identity.AadObjectId]);
        return setup;
    }

    private static async Task SeedAsync(PartnerBotFactory app, WorkspaceKey ws, string partnerId, string stepId, string assignee, string[] team)
    {
        var now = Monday.AddDays(-1);
        await app.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = partnerId,
            Name = "Museum of Light " + partnerId,
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Stage = PartnerStage.InTalks,
            Contact = new ContactAssignment { UserIds = [assignee, .. team], AssignedAt = now, AssignedByUserId = assignee },
            CreatedByUserId = assignee,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        await app.Services.GetRequiredService<INextStepStore>().SaveAsync(ws, new NextStep
        {
            Id = stepId,
            PartnerId = partnerId,
            AssigneeUserId = assignee,
            Description = "Send the exhibition proposal",
            DueDate = Today.AddDays(1),
            CreatedAt = now,
        }, null, default);
    }

    /// <summary>What a client sends for a click: the button's data, plus what the person typed into the button's inputs.</summary>
    private static JsonObject Click(JsonObject card, string title, params (string Id, string Value)[] typed)
    {
        var action = Nodes(card).First(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title);
        var value = action["data"]!.DeepClone().AsObject();
        foreach (var (id, text) in typed)
        {
            value[id] = text;
        }

        return value;
    }

    private static IEnumerable<JsonObject> Nodes(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Nodes(kv.Value))),
        JsonArray a => a.SelectMany(Nodes),
        _ => [],
    };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
