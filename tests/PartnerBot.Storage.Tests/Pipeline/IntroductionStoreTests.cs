using Azure.Data.Tables;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Tests.Support;

namespace PartnerBot.Storage.Tests.Pipeline;

/// <summary>Introductions on Azurite: their rows in the pipeline partition, the pipeline read that carries them, and erasing a partner.</summary>
public class IntroductionStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceKey NewWorkspace() => WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);

    private static Partner APartner(string id, string name) => new()
    {
        Id = id,
        Name = name,
        Type = PartnerType.Nonprofit,
        Sector = Sector.Civic,
        Clusters = ["digital inclusion"],
        CreatedByUserId = "u-ana",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static Introduction Intro(string id, string first, string second) => new()
    {
        Id = id,
        FirstPartnerId = first,
        SecondPartnerId = second,
        Reason = "Both work on digital inclusion.",
        IntroducedOn = new DateOnly(2026, 11, 20),
        RecordedByUserId = "u-ana",
        RecordedAt = Now,
    };

    private static async Task<List<TableEntity>> RowsAsync(TableBot bot, WorkspaceKey ws)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in bot.Tables.GetTable(PipelineTable.Name).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PipelineTable.Partition(ws)}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    [Fact]
    public async Task Save_InsertsOnce_UpdatesOnlyAtItsETag_AndListsOnlyIntroductions()
    {
        var bot = await TableBot.CreateAsync();
        var store = new TableIntroductionStore(bot.Tables);
        var ws = NewWorkspace();
        await bot.Partners.SaveAsync(ws, APartner("pa", "City Museum"), null, default);
        await bot.NextSteps.SaveAsync(ws, new NextStep { Id = "s1", PartnerId = "pa", AssigneeUserId = "u-ben", Description = "Call", DueDate = new DateOnly(2026, 12, 1), CreatedAt = Now }, null, default);

        var saved = await store.SaveAsync(ws, Intro("x1", "pa", "pb"), null, default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(ws, Intro("x1", "pa", "pc"), null, default));
        var updated = await store.SaveAsync(ws, saved.Value with { Outcome = IntroductionOutcome.JointProject, OutcomeNote = "Autumn course" }, saved.ETag, default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(ws, saved.Value with { Outcome = IntroductionOutcome.NoFollowUp }, saved.ETag, default));

        var read = await store.GetAsync(ws, "x1", default);
        Assert.Equal((IntroductionOutcome.JointProject, "Autumn course", "pb", updated.ETag), (read!.Value.Outcome, read.Value.OutcomeNote, read.Value.SecondPartnerId, read.ETag));
        Assert.Null(await store.GetAsync(ws, "x2", default));
        Assert.Null(await store.GetAsync(NewWorkspace(), "x1", default));
        Assert.Equal(["x1"], (await store.ListAsync(ws, default)).Select(i => i.Value.Id));
        var row = Assert.Single(await RowsAsync(bot, ws), r => r.RowKey == PipelineTable.IntroductionRow("x1"));
        Assert.Equal(("pa", "pb", TableIntroductionStore.Kind), (row.GetString("FirstPartner"), row.GetString("SecondPartner"), row.GetString("Kind")));
    }

    [Fact]
    public async Task PipelineRead_CarriesTheIntroductions_NotAsHistory_AndLeavesOutThoseOfArchivedPartners()
    {
        var bot = await TableBot.CreateAsync();
        var store = new TableIntroductionStore(bot.Tables);
        var ws = NewWorkspace();
        await bot.Partners.SaveAsync(ws, APartner("pa", "City Museum"), null, default);
        await bot.Partners.SaveAsync(ws, APartner("pb", "Tech Co-op"), null, default);
        await bot.Partners.SaveAsync(ws, APartner("pc", "Scout Hall") with { Archived = new PartnerArchive(Now, "u-ana") }, null, default);
        await bot.History.SaveInteractionAsync(ws, new Interaction { Id = "i1", PartnerId = "pa", UserId = "u-ana", Summary = "Called", OccurredAt = Now }, default);
        await bot.NextSteps.SaveAsync(ws, new NextStep { Id = "s1", PartnerId = "pb", AssigneeUserId = "u-ben", Description = "Call", DueDate = new DateOnly(2026, 12, 1), CreatedAt = Now }, null, default);
        await store.SaveAsync(ws, Intro("x1", "pa", "pb"), null, default);
        await store.SaveAsync(ws, Intro("x2", "pc", "pa"), null, default);
        // An id that reads like a partner's: an introduction row is never taken for that partner's history.
        await store.SaveAsync(ws, Intro("pa", "pb", "pa"), null, default);

        var pipeline = await bot.Pipeline.ReadAsync(ws, default);

        Assert.Equal(["pa", "x1"], pipeline.Introductions.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["City Museum", "Tech Co-op"], pipeline.Partners.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["pa", "pb"], pipeline.Histories.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["i1"], pipeline.Histories["pa"].Interactions.Select(i => i.Id));
        Assert.Empty(pipeline.Histories["pa"].NextSteps);
        Assert.Equal(["s1"], pipeline.Histories["pb"].NextSteps.Select(s => s.Id));
    }

    [Fact]
    public async Task ErasingAPartner_RemovesItsIntroductions_EitherSide_AndNoOthers()
    {
        var bot = await TableBot.CreateAsync();
        var store = new TableIntroductionStore(bot.Tables);
        var ws = NewWorkspace();
        var other = NewWorkspace();
        var museum = await bot.Partners.SaveAsync(ws, APartner("pa", "City Museum"), null, default);
        await bot.Partners.SaveAsync(ws, APartner("pb", "Tech Co-op"), null, default);
        await bot.Partners.SaveAsync(ws, APartner("pc", "Scout Hall"), null, default);
        await store.SaveAsync(ws, Intro("x1", "pa", "pb"), null, default);
        await store.SaveAsync(ws, Intro("x2", "pc", "pa"), null, default);
        await store.SaveAsync(ws, Intro("x3", "pb", "pc"), null, default);
        await store.SaveAsync(other, Intro("x1", "pa", "pb"), null, default);

        var done = await bot.Removals.EraseAsync(ws, "pa", museum.ETag, new PartnerErasure { Id = "e1", PartnerId = "pa", ErasedAt = Now, ErasedByUserId = "u-ana" }, default);

        Assert.Equal(["x3"], (await store.ListAsync(ws, default)).Select(i => i.Value.Id));
        Assert.Equal(2, done.RowsRemoved);
        Assert.DoesNotContain(await RowsAsync(bot, ws), r => r.GetString("FirstPartner") == "pa" || r.GetString("SecondPartner") == "pa");
        Assert.Equal(["x1"], (await store.ListAsync(other, default)).Select(i => i.Value.Id));
        Assert.Equal(["x3"], (await bot.Pipeline.ReadAsync(ws, default)).Introductions.Select(i => i.Id));
    }
}
