using Azure.Data.Tables;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Tests.Support;

namespace PartnerBot.Storage.Tests.Lifecycle;

/// <summary>Erasing and archiving on Azurite: every row of the partner goes, nothing of anyone else's does.</summary>
public class EraseStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceKey NewWorkspace() => WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);

    private static Partner APerson(string id, string name) => new()
    {
        Id = id,
        Name = name,
        Type = PartnerType.Individual,
        Sector = Sector.Civic,
        Notes = "Private phone 555-0100",
        CreatedByUserId = "u-ana",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    /// <summary>A partner with something of every kind recorded about it, and <paramref name="contacts"/> logged contacts.</summary>
    private static async Task<Stored<Partner>> SeedAsync(TableBot bot, WorkspaceKey ws, string id, string name, int contacts)
    {
        var partner = await bot.Partners.SaveAsync(ws, APerson(id, name), null, default);
        var screening = new PartnerScreening
        {
            PartnerId = id,
            RaterUserId = "u-ana",
            RaterName = "Ana",
            Ratings = Enum.GetValues<ScreeningQuestion>().ToDictionary(q => q, _ => new Rating(4, "About " + name)),
            SubmittedAt = Now,
        };
        Assert.Equal(ScreeningSaveResult.Saved, await bot.Pipeline.SaveAsync(ws, screening, null, partner, null, default));
        await bot.History.SaveAssessmentAsync(ws, new DetailedAssessment
        {
            PartnerId = id,
            AssessorUserId = "u-ana",
            AssessorName = "Ana",
            Ratings = Enum.GetValues<AssessmentQuestion>().ToDictionary(q => q, _ => new Rating(3)),
            Recommendation = Recommendation.Pursue,
            SubmittedAt = Now,
        }, null, default);
        await bot.History.SaveHealthCheckAsync(ws, new HealthCheck { Id = "h-" + id, PartnerId = id, UserId = "u-ana", Scores = new Dictionary<HealthQuestion, int>(), SubmittedAt = Now }, default);
        await bot.History.SaveFormalisationAsync(ws, new Formalisation { PartnerId = id, UpdatedByUserId = "u-ana", UpdatedAt = Now }, null, default);
        foreach (var i in Enumerable.Range(0, contacts))
        {
            await bot.History.SaveInteractionAsync(ws, new Interaction { Id = $"i{i:D3}-{id}", PartnerId = id, UserId = "u-ana", Summary = $"Called {name}", OccurredAt = Now }, default);
        }

        await bot.NextSteps.SaveAsync(ws, new NextStep { Id = "s-" + id, PartnerId = id, AssigneeUserId = "u-ben", Description = "Call " + name, DueDate = new DateOnly(2026, 12, 1), CreatedAt = Now }, null, default);
        return (await bot.Partners.GetAsync(ws, id, default))!;
    }

    private static async Task<List<TableEntity>> RowsAsync(TableBot bot, WorkspaceKey ws)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in bot.Tables.GetTable(PipelineTable.Name).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PipelineTable.Partition(ws)}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static PartnerErasure Audit(string partnerId) => new() { Id = "erasure1", PartnerId = partnerId, ErasedAt = Now, ErasedByUserId = "u-ana" };

    [Fact]
    public async Task Erase_MoreRowsThanOneTransaction_RemovesEveryRowOfThePartner_AndNoOtherPartners()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var jane = await SeedAsync(bot, ws, "pjane", "Jane Doe", contacts: 130);
        await SeedAsync(bot, ws, "pmuseum", "City Museum", contacts: 2);
        var otherWs = NewWorkspace();
        await SeedAsync(bot, otherWs, "pjane", "Jane Doe", contacts: 1);
        var otherBefore = (await RowsAsync(bot, otherWs)).Select(r => r.RowKey).Order().ToList();
        var museumRowsBefore = (await RowsAsync(bot, ws)).Where(r => r.RowKey.Contains("pmuseum", StringComparison.Ordinal) || r.GetString("Partner") == "pmuseum").Select(r => r.RowKey).Order().ToList();

        var done = await bot.Removals.EraseAsync(ws, "pjane", jane.ETag, Audit("pjane"), default);

        var rows = await RowsAsync(bot, ws);
        Assert.DoesNotContain(rows, r => r.RowKey.Contains("pjane", StringComparison.Ordinal) || r.GetString("Partner") == "pjane");
        Assert.DoesNotContain(rows, r => r.GetString("Data")?.Contains("Jane", StringComparison.Ordinal) == true);
        var audit = Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal));
        Assert.Equal(135, done.RowsRemoved);
        Assert.Contains("\"rowsRemoved\":135", audit.GetString("Data"), StringComparison.Ordinal);
        Assert.Equal(museumRowsBefore, rows.Where(r => !r.RowKey.StartsWith("audit|", StringComparison.Ordinal)).Select(r => r.RowKey).Order().ToList());
        Assert.Equal(otherBefore, (await RowsAsync(bot, otherWs)).Select(r => r.RowKey).Order().ToList());
        Assert.Equal(["City Museum"], (await bot.Pipeline.ReadAsync(ws, default)).Partners.Select(p => p.Name));
    }

    [Fact]
    public async Task Erase_PartnerChangedSinceRead_RemovesNothing()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var jane = await SeedAsync(bot, ws, "pjane", "Jane Doe", contacts: 3);
        await bot.Partners.SaveAsync(ws, jane.Value with { Stage = PartnerStage.InTalks }, jane.ETag, default);
        var before = (await RowsAsync(bot, ws)).Count;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => bot.Removals.EraseAsync(ws, "pjane", jane.ETag, Audit("pjane"), default));

        Assert.Equal(before, (await RowsAsync(bot, ws)).Count);
        Assert.NotNull(await bot.Partners.GetAsync(ws, "pjane", default));
    }

    [Fact]
    public async Task RemoveUnsent_TakesTheMessagesNamingThePartner_WithTheirKeys_AndLeavesTheRest()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var other = NewWorkspace();
        OutboxMessage Message(WorkspaceKey w, string key, string payload) => new()
        {
            Key = key,
            Workspace = w,
            RecipientUserId = "u-ben",
            PayloadJson = payload,
            NextAttemptAt = Now,
            CreatedAt = Now,
        };
        await bot.Outbox.EnqueueAsync(Message(ws, $"review|{ws}|pjane|h1|u-ben", "[{\"text\":\"Someone is under review.\"}]"), default);
        await bot.Outbox.EnqueueAsync(Message(ws, "prompt|s-pjane", "[{\"text\":\"Call back\"}]"), default);
        await bot.Outbox.EnqueueAsync(Message(ws, $"digest|{ws}|u-ben|2026-W48", "[{\"text\":\"New this week: Jane Doe\"}]"), default);
        await bot.Outbox.EnqueueAsync(Message(ws, "prompt|s-pmuseum", "[{\"text\":\"Call City Museum\"}]"), default);
        await bot.Outbox.EnqueueAsync(Message(other, "prompt|s-pjane", "[{\"text\":\"Call Jane Doe\"}]"), default);

        var removed = await bot.Outbox.RemoveUnsentAsync(ws, m => PartnerRules.Names(m, ws, "pjane", "Jane Doe", ["s-pjane"]), default);

        Assert.Equal(3, removed);
        var left = await bot.Outbox.ListDueAsync(Now.AddMinutes(1), 100, default);
        Assert.Equal(["prompt|s-pjane", "prompt|s-pmuseum"], left.Select(m => m.Value.Key).Order(StringComparer.Ordinal));
        Assert.Equal(other, left.Single(m => m.Value.Key == "prompt|s-pjane").Value.Workspace);
        Assert.Null(await bot.Outbox.GetAsync(ws.TenantId, $"digest|{ws}|u-ben|2026-W48", default));
        Assert.NotNull(await bot.Outbox.GetAsync(ws.TenantId, "prompt|s-pmuseum", default));
    }

    [Fact]
    public async Task Archived_LeavesListPipelineAndScreeningViews_ListedOnlyAsArchived()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var jane = await SeedAsync(bot, ws, "pjane", "Jane Doe", contacts: 1);
        await SeedAsync(bot, ws, "pmuseum", "City Museum", contacts: 1);

        await bot.Partners.SaveAsync(ws, jane.Value with { Archived = new PartnerArchive(Now, "u-ana") }, jane.ETag, default);

        Assert.Equal(["pmuseum"], (await bot.Partners.ListAsync(ws, default)).Select(p => p.Id));
        var pipeline = await bot.Pipeline.ReadAsync(ws, default);
        Assert.Equal(["pmuseum"], pipeline.Partners.Select(p => p.Id));
        Assert.Equal(["pmuseum"], pipeline.Histories.Keys);
        Assert.Equal(["pmuseum"], (await bot.Pipeline.ReadForRaterAsync(ws, "u-ana", default)).Partners.Select(p => p.Value.Id));
        Assert.Equal(["pmuseum"], (await bot.Pipeline.ReadForPartnerAsync(ws, "pjane", "u-ana", default)).Partners.Select(p => p.Value.Id));
        var archived = Assert.Single(await bot.Removals.ListArchivedAsync(ws, default));
        Assert.Equal("pjane", archived.Value.Id);
        Assert.True((await bot.Partners.GetAsync(ws, "pjane", default))!.Value.IsArchived);
    }
}
