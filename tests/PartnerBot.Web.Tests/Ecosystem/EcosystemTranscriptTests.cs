using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Ecosystem;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Ecosystem;

/// <summary>'health' through /api/messages on the real host over Azurite: alone, the index; with a name, the partner's check.</summary>
public sealed class EcosystemTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private async Task<(Transcript Ada, WorkspaceKey Ws)> StartAsync()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Factory.Transcript("Ada", tenant);
        await ada.Send("help");
        var ws = WorkspaceKey.DefaultFor(tenant);
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        await app.Factory.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = "p-light",
            Name = "Museum of Light",
            Type = PartnerType.CulturalInstitution,
            Sector = Sector.Public,
            Stage = PartnerStage.Active,
            Clusters = ["local history"],
            CreatedByUserId = ada.Identity.AadObjectId,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        return (ada, ws);
    }

    [Fact]
    public async Task Health_Alone_ShowsTheIndexAndItsParts_WithTheChartOnceTwoWeeksAreStored()
    {
        var (ada, ws) = await StartAsync();

        await ada.Send("health");
        var first = Transcript.TextOf(ada.LastCard);

        Assert.Contains("Ecosystem health index: ", first, StringComparison.Ordinal);
        Assert.Contains("/100, the first week measured.", first, StringComparison.Ordinal);
        Assert.Contains("1 partnership in play, of the 10 that give full marks.", first, StringComparison.Ordinal);
        Assert.Contains("All your partnerships in play rest on one partner (Museum of Light)", first, StringComparison.Ordinal);
        Assert.Contains(EcosystemCard.NoChartYet, first, StringComparison.Ordinal);
        Assert.DoesNotContain("data:image/png", ada.LastCard.ToJsonString(), StringComparison.Ordinal);

        // Last week's snapshot stored: now there are two points, and the chart.
        var snapshots = app.Factory.Services.GetRequiredService<IEcosystemSnapshotStore>();
        var lastMonday = Core.Cards.Dates.Monday(DateOnly.FromDateTime(DateTime.UtcNow)).AddDays(-7);
        await snapshots.SaveAsync(ws, new EcosystemSnapshot
        {
            Week = Core.FollowThrough.Schedules.DigestSchedule.IsoWeek(lastMonday),
            FirstDay = lastMonday,
            Index = 5,
            Points = new Dictionary<EcosystemPartKind, double> { [EcosystemPartKind.Breadth] = 1.5 },
            ComputedAt = DateTimeOffset.UtcNow.AddDays(-7),
        }, default);
        await ada.Send("health");

        var json = ada.LastCard.ToJsonString();
        Assert.Contains("data:image/png;base64,", json, StringComparison.Ordinal);
        Assert.Contains("since last week.", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        Assert.Contains($"week of {Core.Cards.Dates.ShortDay(lastMonday)} 5", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WithAPartner_StillOpensItsCheck()
    {
        var (ada, _) = await StartAsync();

        await ada.Send("health Museum of Light");

        var text = Transcript.TextOf(ada.LastCard);
        Assert.Contains("Museum of Light", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ecosystem health index", text, StringComparison.Ordinal);
        Assert.Contains("\"partnerId\":\"p-light\"", ada.LastCard.ToJsonString(), StringComparison.Ordinal);
    }
}
