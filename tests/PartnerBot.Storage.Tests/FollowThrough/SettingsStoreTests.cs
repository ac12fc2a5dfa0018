using PartnerBot.Core.FollowThrough.Nudges;
using PartnerBot.Core.FollowThrough.Schedules;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.FollowThrough;

namespace PartnerBot.Storage.Tests.FollowThrough;

public class SettingsStoreTests
{
    private static readonly WorkspaceKey Ws = new("tenant|/1", "w#1");

    [Fact]
    public async Task Preferences_Unset_AreDefaults_AndRoundTrip()
    {
        var store = new TableFollowThroughSettingsStore(await FollowThroughTables.CreateAsync());
        var prefs = DeliveryPreferences.Default with
        {
            WorkStart = new TimeOnly(7, 30),
            VacationUntil = new DateOnly(2026, 12, 24),
            MutedKinds = new HashSet<NudgeKind> { NudgeKind.QuietPartner },
            WorkingDays = new HashSet<DayOfWeek> { DayOfWeek.Tuesday },
        };

        Assert.Equal(DeliveryPreferences.Default.WorkStart, (await store.GetPreferencesAsync(Ws, "u/1", default)).WorkStart);
        await store.SavePreferencesAsync(Ws, "u/1", prefs, default);
        var back = await store.GetPreferencesAsync(Ws, "u/1", default);

        Assert.Equal(new TimeOnly(7, 30), back.WorkStart);
        Assert.Equal(new DateOnly(2026, 12, 24), back.VacationUntil);
        Assert.Equal([NudgeKind.QuietPartner], back.MutedKinds);
        Assert.Equal([DayOfWeek.Tuesday], back.WorkingDays);
    }

    [Fact]
    public async Task NudgeStates_ListedPerPersonOnly()
    {
        var store = new TableFollowThroughSettingsStore(await FollowThroughTables.CreateAsync());
        await store.SaveNudgeStateAsync(Ws, "u1", new NudgeState { CauseKey = "a|s1|2026-11-20", SentCount = 2 }, default);
        await store.SaveNudgeStateAsync(Ws, "u1", new NudgeState { CauseKey = "b|s2|2026-11-20" }, default);
        await store.SaveNudgeStateAsync(Ws, "u10", new NudgeState { CauseKey = "c|s3|2026-11-20" }, default);

        var states = await store.ListNudgeStatesAsync(Ws, "u1", default);

        Assert.Equal(["a|s1|2026-11-20", "b|s2|2026-11-20"], states.Select(s => s.CauseKey).Order());
        Assert.Equal(2, states.Single(s => s.CauseKey.StartsWith('a')).SentCount);
    }

    [Fact]
    public async Task WorkspaceSettings_RoundTrip()
    {
        var store = new TableFollowThroughSettingsStore(await FollowThroughTables.CreateAsync());
        var nudges = NudgeSettings.Default with
        {
            DueSoonDays = 5,
            DisabledKinds = new HashSet<NudgeKind> { NudgeKind.HealthCheckDue },
            QuietDaysByStage = new Dictionary<PartnerStage, int> { [PartnerStage.Active] = 60 },
        };

        await store.SaveNudgeSettingsAsync(Ws, nudges, default);
        await store.SaveDigestSettingsAsync(Ws, new DigestSettings { Day = DayOfWeek.Friday, Hour = 15 }, default);

        var back = await store.GetNudgeSettingsAsync(Ws, default);
        Assert.Equal(5, back.DueSoonDays);
        Assert.False(back.IsEnabled(NudgeKind.HealthCheckDue));
        Assert.Equal(60, back.QuietDaysByStage[PartnerStage.Active]);
        Assert.Equal(DayOfWeek.Friday, (await store.GetDigestSettingsAsync(Ws, default)).Day);
    }
}
