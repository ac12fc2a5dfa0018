using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Ecosystem;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Digest;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Common;
using PartnerBot.Storage.Ecosystem;
using PartnerBot.Web.Ecosystem;
using PartnerBot.Web.FollowThrough.Scheduling;
using PartnerBot.Web.Tests.FollowThrough;

namespace PartnerBot.Web.Tests.Ecosystem;

/// <summary>Twelve weekly digests on a fake clock, the snapshots in Azurite: one row a week, a rerun changes nothing.</summary>
public class EcosystemSnapshotTests
{
    [Fact]
    public async Task TwelveWeeklyDigests_TwelveRows_RerunIdempotent_ChangeAndMovedPartRight()
    {
        await using var h = await DeliveryHarness.StartAsync();
        await h.Tables.GetTable(TableEcosystemSnapshotStore.TableName).CreateIfNotExistsAsync();
        var clock = new FakeTimeProvider(FakeWorld.Now);
        // Four candidates, each with a next step two days overdue.
        var world = new FakeWorld().AddWorkspace("t-eco", partners: 4, withHistory: true);
        var ws = WorkspaceKey.DefaultFor("t-eco");
        var store = new TableEcosystemSnapshotStore(h.Tables, clock);
        var reports = new EcosystemReports(world, world, world, store, new ScottPlotIndexChart(), clock);
        var digests = new DigestService(world, world, world, h.References, h.Outbox, new DigestNarrative(new RuleBasedDigestNarrator()), reports);

        var built = new List<WeeklyDigest>();
        for (var week = 1; week <= 12; week++)
        {
            if (week > 1)
            {
                clock.Advance(TimeSpan.FromDays(7));
            }

            if (week < 12)
            {
                // A new active partnership a week, in turn civic, public and market.
                await ((IPartnerStore)world).SaveAsync(ws, NewPartner(week, clock.GetUtcNow()), null, default);
            }
            else
            {
                // The last week only clears the overdue steps: follow-through is the one part that moves.
                foreach (var step in (await world.ReadAsync(ws, default)).Histories.Values.SelectMany(x => x.NextSteps))
                {
                    var stored = (await ((INextStepStore)world).GetAsync(ws, step.Id, default))!;
                    await ((INextStepStore)world).SaveAsync(ws, stored.Value with { Status = NextStepStatus.Done, CompletedAt = clock.GetUtcNow() }, stored.ETag, default);
                }
            }

            var (digest, _) = await digests.BuildAsync(await digests.ReadAsync((await ((IWorkspaceStore)world).GetAsync(ws, default))!.Value, default), TimeZoneInfo.Utc, clock.GetUtcNow(), default);
            built.Add(digest);
        }

        var rows = await RowsAsync(h, ws);
        Assert.Equal(12, rows.Count);
        Assert.Equal(built.Select(d => d.Week), rows.Select(r => r.RowKey));
        Assert.Equal(built.Select(d => d.Ecosystem!.Current.Index!.Value), rows.Select(r => r.GetInt32("Index")!.Value));

        // The last week's digest built again: the same row, the same figures.
        var again = (await digests.BuildAsync(await digests.ReadAsync((await ((IWorkspaceStore)world).GetAsync(ws, default))!.Value, default), TimeZoneInfo.Utc, clock.GetUtcNow(), default)).Digest;
        var rerun = await RowsAsync(h, ws);
        Assert.Equal(12, rerun.Count);
        Assert.Equal(rows.Select(r => r.GetInt32("Index")), rerun.Select(r => r.GetInt32("Index")));
        var before = JsonRows.FromEntity<EcosystemSnapshot>(rows[^1]);
        var after = JsonRows.FromEntity<EcosystemSnapshot>(rerun[^1]);
        Assert.Equal((before.Week, before.FirstDay, before.Index), (after.Week, after.FirstDay, after.Index));
        Assert.Equal(before.Points.OrderBy(p => p.Key), after.Points.OrderBy(p => p.Key));

        var last = again.Ecosystem!;
        var weekBefore = built[^2].Ecosystem!.Current.Index!.Value;
        Assert.Equal(weekBefore, last.Previous);
        Assert.Equal(last.Current.Index - weekBefore, last.Change);
        Assert.Equal(10, last.Change);
        Assert.Equal(EcosystemPartKind.FollowThrough, last.MovedMost);
        Assert.Equal(10, last.MovedBy, 2);
        Assert.Equal(12, last.History.Count);
        Assert.NotNull(last.Chart);
        Assert.Null(built[0].Ecosystem!.Chart);
        Assert.NotNull(built[1].Ecosystem!.Chart);
    }

    private static Partner NewPartner(int week, DateTimeOffset now) => new()
    {
        Id = $"w{week}",
        Name = $"Week {week} partner",
        Type = PartnerType.Nonprofit,
        Sector = (Sector)(week % 3),
        Stage = PartnerStage.Active,
        Clusters = [week % 2 == 0 ? "education" : "health"],
        CreatedByUserId = "m-t-eco",
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static async Task<List<TableEntity>> RowsAsync(DeliveryHarness h, WorkspaceKey ws) =>
        [.. (await JsonRows.QueryPartitionAsync(h.Tables.GetTable(TableEcosystemSnapshotStore.TableName), JsonRows.WorkspacePartition(ws), default)).OrderBy(r => r.RowKey, StringComparer.Ordinal)];
}
