using PartnerBot.Core.Conversations;
using PartnerBot.Core.Intents;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Workspaces;

/// <summary>Whose clock a person lives by, and what that means for a day they log.</summary>
public class ZoneTests
{
    private static readonly WorkspaceKey Ws = WorkspaceKey.DefaultFor("t-zones");

    private static Member Member(string? zone, bool chosen = false) =>
        new() { Workspace = Ws, UserId = "u1", Name = "Ana", TimeZone = zone, TimeZoneChosen = chosen, JoinedAt = DateTimeOffset.UnixEpoch };

    [Theory]
    [InlineData(null, false, "America/Chicago", "America/Chicago")]
    [InlineData("Europe/Amsterdam", false, "America/Chicago", "America/Chicago")]
    [InlineData("America/Chicago", false, "America/Chicago", null)]
    [InlineData("Europe/Amsterdam", true, "America/Chicago", null)]
    [InlineData("Europe/Amsterdam", false, "Mars/Olympus_Mons", null)]
    [InlineData("Europe/Amsterdam", false, null, null)]
    [InlineData("Europe/Amsterdam", false, "  ", null)]
    public void Updated_FollowsTheClient_UnlessChosenOrUnknown(string? stored, bool chosen, string? reported, string? expected) =>
        Assert.Equal(expected, ZoneRules.Updated(Member(stored, chosen), reported));

    [Theory]
    [InlineData("Europe/Amsterdam", true, "America/Chicago", "Pacific/Auckland", "Europe/Amsterdam")]
    [InlineData("Europe/Amsterdam", false, "America/Chicago", "Pacific/Auckland", "America/Chicago")]
    [InlineData("Europe/Amsterdam", false, null, "Pacific/Auckland", "Europe/Amsterdam")]
    [InlineData(null, false, null, "Pacific/Auckland", "Pacific/Auckland")]
    [InlineData(null, false, "Nowhere/At_All", null, "UTC")]
    public void Effective_ChosenThenReportedThenStoredThenLibraryThenUtc(string? stored, bool chosen, string? reported, string? library, string expected) =>
        Assert.Equal(expected, ZoneRules.Effective(Member(stored, chosen), reported, library).Id);

    /// <summary>
    /// 12:00 UTC on 23 Nov is already 01:00 on 24 Nov in Auckland. A librarian there logs a call from this morning: it
    /// is today for them, not a day in the future, and an earlier day is stored as that day's noon in Auckland.
    /// </summary>
    [Fact]
    public async Task LogContact_InAuckland_TheDayIsTheirs()
    {
        var bot = new TestBot(new RuleBasedIntentRecognizer());
        bot.Time.SetUtcNow(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        var ana = new Transcript(bot.Engine, new UserRef(Ws.TenantId, "u1", "Ana", "Pacific/Auckland"));
        await ana.AddPartnerAsync("City Museum");

        await ana.SayAsync("log city museum");
        Assert.Contains(Transcript.Inputs(ana.LastCard), i => i.Id == "date" && i.Value == "2026-11-24");
        await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "Coffee with the curator", ["date"] = "2026-11-24" });
        Assert.Contains("Logged your contact with City Museum (today)", ana.Text, StringComparison.Ordinal);

        await ana.SayAsync("log city museum");
        await ana.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "Phoned the director", ["date"] = "2026-11-22" });
        Assert.Contains("(22 Nov 2026)", ana.Text, StringComparison.Ordinal);

        var partner = Assert.Single(await ((IPartnerStore)bot.Stores).ListAsync(Ws, default));
        var history = await ((IPartnerHistoryStore)bot.Stores).GetAsync(Ws, partner.Id, default);
        Assert.Contains(history.Interactions, i => i.Summary == "Phoned the director" && i.OccurredAt == new DateTimeOffset(2026, 11, 21, 23, 0, 0, TimeSpan.Zero));

        await ana.SayAsync("partner city museum");
        var shown = Transcript.TextOf(ana.Last[^1]);
        Assert.Contains("24 Nov 2026", shown, StringComparison.Ordinal);
        Assert.Contains("22 Nov 2026", shown, StringComparison.Ordinal);
    }

    /// <summary>The person's zone follows their client from turn to turn, and is stored so schedules use it too.</summary>
    [Fact]
    public async Task ReportedZone_IsKeptCurrent_UntilThePersonChoosesOne()
    {
        var bot = new TestBot();
        var inChicago = new Transcript(bot.Engine, new UserRef(Ws.TenantId, "u1", "Ana", "America/Chicago"));
        await inChicago.SayAsync("help");
        Assert.Equal("America/Chicago", (await ((IMemberStore)bot.Stores).GetAsync(Ws, "u1", default))!.Value.TimeZone);

        var inAuckland = new Transcript(bot.Engine, new UserRef(Ws.TenantId, "u1", "Ana", "Pacific/Auckland"));
        await inAuckland.SayAsync("help");
        Assert.Equal("Pacific/Auckland", (await ((IMemberStore)bot.Stores).GetAsync(Ws, "u1", default))!.Value.TimeZone);

        await bot.Directory.ChooseZoneAsync(Ws, "u1", "Europe/Amsterdam", "Pacific/Auckland", default);
        await inChicago.SayAsync("help");
        var member = (await ((IMemberStore)bot.Stores).GetAsync(Ws, "u1", default))!.Value;
        Assert.Equal("Europe/Amsterdam", member.TimeZone);
        Assert.True(member.TimeZoneChosen);

        var admission = await bot.Directory.AdmitAsync(inChicago.User, null, default);
        Assert.Equal("Europe/Amsterdam", admission.Caller!.Zone.Id);
    }
}
