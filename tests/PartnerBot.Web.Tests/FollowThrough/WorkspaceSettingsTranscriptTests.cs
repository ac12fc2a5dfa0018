using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Protocol.Activities;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;
using PartnerBot.Web.FollowThrough.Delivery;
using PartnerBot.Web.FollowThrough.Scheduling;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// The admin's follow-up settings and the channel digest through the real pipeline: HTTP in, the engine, Azurite,
/// the planner and the outbox on a fake clock, and the recording connector.
/// </summary>
public sealed class WorkspaceSettingsTranscriptTests
{
    /// <summary>Monday 11:00 in Copenhagen (the transcripts' zone): inside working hours, after the digest's 08:00.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private const string ChannelId = "19:partnerships@thread.tacv2";

    [Fact]
    public async Task AdminRaisesDueSoonDays_PlannerThenNudgesAboutAStepAWeekAway()
    {
        var clock = new FakeTimeProvider(Monday);
        await using var app = await CreateAsync(clock);
        var ada = app.Transcript("Ada");
        await ada.Send("follow-up settings");
        var card = ada.LastCard;
        var ws = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        await SeedStepAsync(app, ws, ada.Identity.AadObjectId, DateOnly.FromDateTime(Monday.UtcDateTime).AddDays(7));

        var before = await PlanAndSendAsync(app, clock);
        Assert.Equal(0, before.Nudges);
        Assert.DoesNotContain(ada.Cards, IsNudge);

        await ada.SendSubmit(Submit(card, "Save", new() { ["dueSoonDays"] = "10" }));
        Assert.Contains("Saved the library's follow-up settings", ada.Replies[^2].Text, StringComparison.Ordinal);
        var stored = await Settings(app).GetNudgeSettingsAsync(ws, default);
        Assert.Equal(10, stored.DueSoonDays);
        Assert.Equal(Core.FollowThrough.Nudges.NudgeSettings.Default.QuietDaysByStage.OrderBy(p => p.Key), stored.QuietDaysByStage.OrderBy(p => p.Key));

        var after = await PlanAndSendAsync(app, clock);
        Assert.Equal(1, after.Nudges);
        Assert.Contains(ada.Cards, c => IsNudge(c) && Transcript.TextOf(c).Contains("Museum of Light", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SaveFromAnOlderCard_AfterAnotherSave_SavesNothing_AndShowsTheCurrentSettings()
    {
        await using var app = await CreateAsync(new FakeTimeProvider(Monday));
        var ada = app.Transcript("Ada");
        await ada.Send("follow-up settings");
        var older = ada.LastCard;
        await ada.Send("follow-up settings");
        await ada.SendSubmit(Submit(ada.LastCard, "Save", new() { ["dueSoonDays"] = "7" }));

        await ada.SendSubmit(Submit(older, "Save", new() { ["dueSoonDays"] = "3", ["digestHour"] = "6" }));

        Assert.Contains("changed after this card was opened", ada.Replies[^2].Text, StringComparison.Ordinal);
        var ws = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        Assert.Equal(7, (await Settings(app).GetNudgeSettingsAsync(ws, default)).DueSoonDays);
        Assert.Equal(8, (await Settings(app).GetDigestSettingsAsync(ws, default)).Hour);

        await ada.SendSubmit(Submit(ada.LastCard, "Save", new() { ["dueSoonDays"] = "3" }));
        Assert.Equal(3, (await Settings(app).GetNudgeSettingsAsync(ws, default)).DueSoonDays);
    }

    [Fact]
    public async Task NonAdmin_CommandAndForgedSubmits_AreRefused_AndNothingChanges()
    {
        await using var app = await CreateAsync(new FakeTimeProvider(Monday));
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Transcript("Ada", tenant);
        await ada.Send("follow-up settings");
        await ada.SendSubmit(Submit(ada.LastCard, "Save", new() { ["dueSoonDays"] = "5", ["digestHour"] = "9" }));
        var bob = app.Transcript("Bob", tenant);

        await bob.Send("follow-up settings");
        await bob.SendSubmit(new JsonObject { ["action"] = FollowThroughActions.SaveWorkspaceSettings, ["dueSoonDays"] = "30", ["digestHour"] = "3" });
        await bob.SendSubmit(new JsonObject { ["action"] = FollowThroughActions.ResetWorkspaceSettings });
        await bob.SendActivity(ChannelPost(bob, "digest here"));

        bob.AssertReplyText("for admins");
        bob.AssertReplyText("Only a workspace admin");
        bob.AssertReplyText("Only a workspace admin");
        bob.AssertNoMoreReplies();
        Assert.Contains(app.Connector.Calls, c => c.ConversationId.StartsWith(ChannelId, StringComparison.Ordinal) && c.Activity?.Text?.Contains("Only a workspace admin", StringComparison.Ordinal) == true);
        Assert.Empty(bob.Cards);
        var ws = WorkspaceKey.DefaultFor(tenant);
        Assert.Equal(5, (await Settings(app).GetNudgeSettingsAsync(ws, default)).DueSoonDays);
        var digest = await Settings(app).GetDigestSettingsAsync(ws, default);
        Assert.Equal(9, digest.Hour);
        Assert.False(digest.GoesToChannel);
    }

    [Theory]
    [InlineData("digestHour", "99", "from 0 to 23")]
    [InlineData("quiet-Ended", "3", "not a stage")]
    [InlineData("disabledKinds", "QuietPartner,SendMoney", "choice I do not know")]
    [InlineData("healthCheckDays", "-5", "from 14 to 366")]
    [InlineData("digestDay", "Caturday", "value I do not know")]
    public async Task AdminSubmitsATamperedValue_ClearAnswer_NothingChanges(string field, string bad, string expected)
    {
        await using var app = await CreateAsync(new FakeTimeProvider(Monday));
        var ada = app.Transcript("Ada");
        await ada.Send("follow-up settings");

        await ada.SendSubmit(Submit(ada.LastCard, "Save", new() { ["dueSoonDays"] = "4", [field] = bad }));

        var answer = ada.Replies[^1].Text ?? "";
        Assert.Contains(expected, answer, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", answer, StringComparison.Ordinal);
        var ws = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        Assert.Equal(2, (await Settings(app).GetNudgeSettingsAsync(ws, default)).DueSoonDays);
        Assert.Equal(8, (await Settings(app).GetDigestSettingsAsync(ws, default)).Hour);
    }

    [Fact]
    public async Task BackToDefaults_ResetsTheRules_KeepsTheChannel()
    {
        await using var app = await CreateAsync(new FakeTimeProvider(Monday));
        var ada = app.Transcript("Ada");
        await ada.SendActivity(ChannelPost(ada, "digest here"));
        await ada.Send("follow-up settings");
        await ada.SendSubmit(Submit(ada.LastCard, "Save", new() { ["dueSoonDays"] = "6", ["digestDay"] = "Friday" }));

        await ada.SendSubmit(Submit(ada.LastCard, "Back to defaults"));

        var ws = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        Assert.Equal(2, (await Settings(app).GetNudgeSettingsAsync(ws, default)).DueSoonDays);
        var digest = await Settings(app).GetDigestSettingsAsync(ws, default);
        Assert.Equal((DayOfWeek.Monday, ChannelId), (digest.Day, digest.ChannelConversationId));
        Assert.Contains("back to their defaults", ada.Replies[^2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestHere_FromAChannel_StoresIt_AndTheNextDigestIsPostedThere()
    {
        var clock = new FakeTimeProvider(Monday);
        await using var app = await CreateAsync(clock);
        var ada = app.Transcript("Ada");
        var ws = WorkspaceKey.DefaultFor(ada.Identity.TenantId);

        await ada.Send("digest here");
        ada.AssertReplyText("has to be typed in the team channel");
        var group = ada.Message("digest here");
        group.Conversation = new ConversationAccount { Id = "19:groupchat@thread.v2", ConversationType = "groupChat", IsGroup = true, TenantId = ada.Identity.TenantId };
        await ada.SendActivity(group);
        Assert.Contains("not to a group chat", app.Connector.SentTo("19:groupchat@thread.v2").Single().Text, StringComparison.Ordinal);
        Assert.False((await Settings(app).GetDigestSettingsAsync(ws, default)).GoesToChannel);

        await ada.SendActivity(ChannelPost(ada, "<at>PartnerBot</at> digest here"));

        var stored = await Settings(app).GetDigestSettingsAsync(ws, default);
        Assert.Equal((ChannelId, ada.Identity.ServiceUrl, "Partnerships"), (stored.ChannelConversationId, stored.ChannelServiceUrl, stored.ChannelName));
        Assert.Contains(app.Connector.Calls, c => c.ConversationId.StartsWith(ChannelId, StringComparison.Ordinal) && c.Activity?.Text?.Contains("posted in this channel", StringComparison.Ordinal) == true);
        await ada.Send("follow-up settings");
        Assert.Contains("\u201CPartnerships\u201D", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);

        // The workspace was made after this week's send time (Monday 08:00): no digest now, the next one next Monday.
        var right = await PlanAndSendAsync(app, clock);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 8, 5, 0, TimeSpan.Zero));
        var plan = await PlanAndSendAsync(app, clock);

        Assert.Equal(0, right.Digests);
        Assert.Equal(1, plan.Digests);
        var posted = Assert.Single(app.Connector.SentTo(ChannelId), a => a.Attachments is { Count: > 0 });
        Assert.Contains("Partnership digest", Transcript.TextOf(Assert.Single(Transcript.CardsOf(posted))), StringComparison.Ordinal);
        Assert.DoesNotContain(ada.Cards, c => Transcript.TextOf(c).Contains("Partnership digest", StringComparison.Ordinal));

        await ada.Send("digest personal");
        Assert.Contains("each manager's own chat", ada.Replies[^1].Text, StringComparison.Ordinal);
        Assert.False((await Settings(app).GetDigestSettingsAsync(ws, default)).GoesToChannel);
    }

    private static Task<PartnerBotFactory> CreateAsync(FakeTimeProvider clock) => PartnerBotFactory.CreateAsync(o =>
    {
        // The test drives the planner and the outbox itself, on the fake clock.
        o.Settings["FollowThrough:RunBackgroundService"] = "false";
        o.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
    });

    private static IFollowThroughSettingsStore Settings(PartnerBotFactory app) => app.Services.GetRequiredService<IFollowThroughSettingsStore>();

    private static async Task<PlanResult> PlanAndSendAsync(PartnerBotFactory app, TimeProvider clock)
    {
        var plan = await app.Services.GetRequiredService<FollowThroughPlanner>().PlanAsync(clock.GetUtcNow(), default);
        await app.Services.GetRequiredService<OutboxDispatcher>().DrainAsync(default);
        return plan;
    }

    private static async Task SeedStepAsync(PartnerBotFactory app, WorkspaceKey ws, string contactUserId, DateOnly due)
    {
        var now = Monday.AddDays(-1);
        await app.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = "p-light",
            Name = "Museum of Light",
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Stage = PartnerStage.InTalks,
            Contact = new ContactAssignment { UserIds = [contactUserId], AssignedAt = now, AssignedByUserId = contactUserId },
            CreatedByUserId = contactUserId,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        await app.Services.GetRequiredService<INextStepStore>().SaveAsync(ws, new NextStep
        {
            Id = "s-light",
            PartnerId = "p-light",
            AssigneeUserId = contactUserId,
            Description = "Send the exhibition proposal",
            DueDate = due,
            CreatedAt = now,
        }, null, default);
    }

    /// <summary>A post in a team channel, as Teams sends it: the conversation id names the post's thread.</summary>
    private static Activity ChannelPost(Transcript who, string text)
    {
        var post = who.Message(text);
        post.Conversation = new ConversationAccount { Id = ChannelId + ";messageid=1763900000000", ConversationType = "channel", IsGroup = true, TenantId = who.Identity.TenantId };
        post.ChannelData = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = who.Identity.TenantId },
            ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["name"] = "Library staff" },
            ["channel"] = new JsonObject { ["id"] = ChannelId, ["name"] = "Partnerships" },
        };
        return post;
    }

    private static bool IsNudge(JsonObject card) => card.ToJsonString().Contains($"\"{FollowThroughActions.Done}\"", StringComparison.Ordinal);

    /// <summary>What a client sends for a click: the button's data merged with every input's value, then the test's typing.</summary>
    private static JsonObject Submit(JsonObject card, string title, Dictionary<string, string>? typed = null)
    {
        var action = Nodes(card).First(o => (string?)o["type"] == "Action.Execute" && (string?)o["title"] == title);
        var value = action["data"]!.DeepClone().AsObject();
        if ((string?)action["associatedInputs"] != "none")
        {
            foreach (var input in Nodes(card).Where(o => ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true))
            {
                value[(string)input["id"]!] = input["value"]?.ToString() ?? "";
            }
        }

        foreach (var (id, text) in typed ?? [])
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
}
