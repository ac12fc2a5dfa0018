using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.FollowThrough;

/// <summary>
/// Teams leaves an emptied input out of the submit. Clearing a field on a settings card must still clear it, and the
/// bot must not say "Saved" while keeping the old value.
/// </summary>
public sealed class ClearedInputsTranscriptTests
{
    [Fact]
    public async Task Nudges_VacationDateCleared_IsCleared()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ada = app.Transcript("Ada");
        await ada.Send("nudges");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["vacationUntil"] = "2026-12-24" }));
        Assert.Equal(new DateOnly(2026, 12, 24), (await Preferences(app, ada)).VacationUntil);

        await ada.Send("nudges");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["vacationUntil"] = "" }));

        Assert.Contains("Saved your nudge settings", ada.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Null((await Preferences(app, ada)).VacationUntil);
    }

    [Fact]
    public async Task Nudges_LastMutedKindUnticked_IsUnmuted()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ada = app.Transcript("Ada");
        await ada.Send("nudges");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["mutedKinds"] = nameof(NudgeKind.QuietPartner) }));
        Assert.Equal([NudgeKind.QuietPartner], (await Preferences(app, ada)).MutedKinds);

        await ada.Send("nudges");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["mutedKinds"] = "" }));

        Assert.Contains("Saved your nudge settings", ada.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Empty((await Preferences(app, ada)).MutedKinds);
    }

    [Fact]
    public async Task Nudges_AnInputTheCardDidNotShow_IsLeftAlone()
    {
        await using var app = await PartnerBotFactory.CreateAsync();
        var ada = app.Transcript("Ada");
        await ada.Send("nudges");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["mutedKinds"] = nameof(NudgeKind.QuietPartner), ["vacationUntil"] = "2026-12-24" }));

        // A card that showed only the vacation date, cleared.
        await ada.SendSubmit(new JsonObject { ["action"] = FollowThroughActions.SaveSettings, [ShownInputs.Key] = new JsonArray("vacationUntil") });

        var prefs = await Preferences(app, ada);
        Assert.Null(prefs.VacationUntil);
        Assert.Equal([NudgeKind.QuietPartner], prefs.MutedKinds);
    }

    [Fact]
    public async Task FollowUpSettings_ReminderKindTurnedOff_CanBeTurnedBackOn()
    {
        await using var app = await CreateAsync();
        var ada = app.Transcript("Ada");
        await ada.Send("follow-up settings");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["disabledKinds"] = nameof(NudgeKind.HealthCheckDue) }));
        Assert.Equal([NudgeKind.HealthCheckDue], (await Nudges(app, ada)).DisabledKinds);

        await ada.Send("follow-up settings");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { ["disabledKinds"] = "" }));

        Assert.Contains("Saved the library's follow-up settings", ada.Replies[^2].Text, StringComparison.Ordinal);
        Assert.Empty((await Nudges(app, ada)).DisabledKinds);
    }

    [Fact]
    public async Task FollowUpSettings_StageQuietDaysEmptied_NeverReminds()
    {
        await using var app = await CreateAsync();
        var ada = app.Transcript("Ada");
        var stage = "quiet-" + nameof(PartnerStage.Active);
        Assert.True(NudgeSettings.Default.QuietDaysByStage.ContainsKey(PartnerStage.Active));
        await ada.Send("follow-up settings");

        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { [stage] = "" }));

        Assert.Contains("Saved the library's follow-up settings", ada.Replies[^2].Text, StringComparison.Ordinal);
        var stored = await Nudges(app, ada);
        Assert.False(stored.QuietDaysByStage.ContainsKey(PartnerStage.Active));
        Assert.Equal(NudgeSettings.Default.QuietDaysByStage[PartnerStage.InTalks], stored.QuietDaysByStage[PartnerStage.InTalks]);
    }

    private static Task<PartnerBotFactory> CreateAsync() =>
        PartnerBotFactory.CreateAsync(o => o.Settings["FollowThrough:RunBackgroundService"] = "false");

    private static Task<Core.FollowThrough.Schedules.DeliveryPreferences> Preferences(PartnerBotFactory app, Transcript who) =>
        app.Services.GetRequiredService<IFollowThroughSettingsStore>().GetPreferencesAsync(WorkspaceKey.DefaultFor(who.Identity.TenantId), who.Identity.AadObjectId, default);

    private static Task<NudgeSettings> Nudges(PartnerBotFactory app, Transcript who) =>
        app.Services.GetRequiredService<IFollowThroughSettingsStore>().GetNudgeSettingsAsync(WorkspaceKey.DefaultFor(who.Identity.TenantId), default);
}
