using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tests.Support;
using Xunit.Abstractions;

namespace PartnerBot.Storage.Tests.Pipeline;

/// <summary>The pipeline module on Azurite: next steps stored once, read by every view, and guarded by their ETag.</summary>
public class PipelineStoreTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static WorkspaceKey NewWorkspace() => WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);

    private static Partner APartner(string id) => new()
    {
        Id = id,
        Name = "Partner " + id,
        Type = PartnerType.Nonprofit,
        Sector = Sector.Civic,
        CreatedByUserId = "u-ana",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static NextStep AStep(string id, string partnerId, string assignee) => new()
    {
        Id = id,
        PartnerId = partnerId,
        AssigneeUserId = assignee,
        Description = "Call the director",
        DueDate = new DateOnly(2026, 12, 1),
        CreatedAt = Now,
    };

    private static ContactAssignment Team(string lead) => new() { UserIds = [lead], AssignedAt = Now, AssignedByUserId = "u-ana" };

    /// <summary>A partner with a contact and its first step, written as the contact card writes them.</summary>
    private static async Task<(Stored<Partner> Partner, Stored<NextStep> Step)> AssignAsync(TableBot bot, WorkspaceKey ws, string partnerId, string stepId, string lead)
    {
        var partner = await bot.Partners.SaveAsync(ws, APartner(partnerId), null, default);
        return await bot.NextSteps.AssignAsync(ws, partner.Value with { Contact = Team(lead) }, partner.ETag, AStep(stepId, partnerId, lead), default);
    }

    [Fact]
    public async Task ContactSaved_OneTransaction_StepInHistoryPipelineAndMySteps_WithOneETag()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var partner = await bot.Partners.SaveAsync(ws, APartner("p1"), null, default);

        bot.Log.Clear();
        var (saved, step) = await bot.NextSteps.AssignAsync(ws, partner.Value with { Contact = Team("u-ben") }, partner.ETag, AStep("s1", "p1", "u-ben"), default);
        var write = Assert.Single(bot.Log.Requests);
        Assert.EndsWith("$batch", write.Uri, StringComparison.Ordinal);

        Assert.Equal(["u-ben"], (await bot.Partners.GetAsync(ws, "p1", default))!.Value.Contact!.UserIds);
        Assert.Equal(saved.ETag, (await bot.Partners.GetAsync(ws, "p1", default))!.ETag);
        Assert.Equal("s1", Assert.Single((await bot.History.GetAsync(ws, "p1", default)).NextSteps).Id);
        Assert.Equal("s1", Assert.Single((await bot.Pipeline.ReadAsync(ws, default)).Histories["p1"].NextSteps).Id);
        var mine = Assert.Single(await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-ben", default));
        Assert.Equal(step.ETag, mine.ETag);
        Assert.Equal(step.ETag, (await bot.NextSteps.GetAsync(ws, "s1", default))!.ETag);
        Assert.Empty(await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-ana", default));
    }

    [Fact]
    public async Task ContactCard_Save_WritesPartnerAndStepInOneTransaction_ThenClosesTheDialog()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = "t" + Guid.NewGuid().ToString("N")[..8];
        var ana = bot.Talk(tenant, "u-ana", "Ana");
        var ben = bot.Talk(tenant, "u-ben", "Ben");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("contact City Museum");

        bot.Log.Clear();
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u-ben", ["step"] = "Call the director", ["due"] = "2026-12-01" });
        var writes = bot.Log.Requests.Where(r => r.Method != "GET").ToList();
        output.WriteLine(string.Join("\n", bot.Log.Requests.Select(r => $"{r.Method} {r.Uri}")));

        Assert.Contains("Ben is now the contact", ana.Text, StringComparison.Ordinal);
        Assert.Collection(writes,
            w => Assert.EndsWith("$batch", w.Uri, StringComparison.Ordinal),
            w => Assert.Equal("DELETE", w.Method));
        var step = Assert.Single(await bot.NextSteps.ListOpenForAssigneeAsync(WorkspaceKey.DefaultFor(tenant), "u-ben", default));
        Assert.Equal("Call the director", step.Value.Description);
    }

    [Fact]
    public async Task Steps_AreOneRowEach_InThePipelineTable_AndNoOtherTableExists()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        await AssignAsync(bot, ws, "p1", "s1", "u-ben");

        var rows = bot.Tables.GetTable(PartnerBot.Storage.Pipeline.PipelineTable.Name).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.GetString("Kind") == "step");
        var count = 0;
        await foreach (var row in rows)
        {
            count++;
            Assert.Equal("p1", row.GetString("Partner"));
        }

        Assert.Equal(1, count);
        Assert.DoesNotContain(PartnershipStorage.TableNames, name => name.Contains("NextStep", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Done_OneWrite_LeavesMySteps_StaysInHistory()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var (_, step) = await AssignAsync(bot, ws, "p1", "s1", "u-ben");

        bot.Log.Clear();
        var done = await bot.NextSteps.SaveAsync(ws, step.Value with { Status = NextStepStatus.Done, CompletedAt = Now }, step.ETag, default);
        var write = Assert.Single(bot.Log.Requests);
        Assert.NotEqual("GET", write.Method);

        Assert.Empty(await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-ben", default));
        Assert.Equal(NextStepStatus.Done, Assert.Single((await bot.History.GetAsync(ws, "p1", default)).NextSteps).Status);
        Assert.Equal(done.ETag, (await bot.NextSteps.GetAsync(ws, "s1", default))!.ETag);
    }

    [Fact]
    public async Task HandOver_MovesTheStepFromOnePersonsStepsToTheOthers()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var (_, step) = await AssignAsync(bot, ws, "p1", "s1", "u-ben");

        await bot.NextSteps.SaveAsync(ws, step.Value with { AssigneeUserId = "u-cleo" }, step.ETag, default);

        Assert.Empty(await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-ben", default));
        Assert.Equal("s1", Assert.Single(await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-cleo", default)).Value.Id);
    }

    [Fact]
    public async Task StaleStepETag_Conflicts_AndChangesNothing()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var (_, step) = await AssignAsync(bot, ws, "p1", "s1", "u-ben");
        await bot.NextSteps.SaveAsync(ws, step.Value with { DueDate = new DateOnly(2026, 12, 15) }, step.ETag, default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.NextSteps.SaveAsync(ws, step.Value with { Status = NextStepStatus.Done }, step.ETag, default));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.NextSteps.SaveAsync(ws, step.Value, null, default));

        var current = (await bot.NextSteps.GetAsync(ws, "s1", default))!.Value;
        Assert.Equal(NextStepStatus.Open, current.Status);
        Assert.Equal(new DateOnly(2026, 12, 15), current.DueDate);
    }

    [Fact]
    public async Task ContactOnAChangedPartner_Conflicts_AndWritesNeitherRow()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        var read = await bot.Partners.SaveAsync(ws, APartner("p1"), null, default);
        await bot.Partners.SaveAsync(ws, read.Value with { Name = "Renamed" }, read.ETag, default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.NextSteps.AssignAsync(ws, read.Value with { Contact = Team("u-ben") }, read.ETag, AStep("s1", "p1", "u-ben"), default));

        Assert.Null(await bot.NextSteps.GetAsync(ws, "s1", default));
        Assert.Empty(await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-ben", default));
        var partner = (await bot.Partners.GetAsync(ws, "p1", default))!.Value;
        Assert.Equal("Renamed", partner.Name);
        Assert.Null(partner.Contact);
    }

    [Fact]
    public async Task Formalisation_IsSavedThroughTheHistory_WithItsETag()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        await bot.Partners.SaveAsync(ws, APartner("p1"), null, default);
        var first = await bot.History.SaveFormalisationAsync(ws, new Formalisation { PartnerId = "p1", LibraryRole = "Host", UpdatedByUserId = "u-ana", UpdatedAt = Now }, null, default);
        var second = await bot.History.SaveFormalisationAsync(ws, first.Value with { LibraryRole = "Co-host" }, first.ETag, default);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.History.SaveFormalisationAsync(ws, first.Value with { LibraryRole = "Lost update" }, first.ETag, default));
        var stored = (await bot.History.GetAsync(ws, "p1", default)).Formalisation!;
        Assert.Equal("Co-host", stored.Value.LibraryRole);
        Assert.Equal(second.ETag, stored.ETag);
    }

    [Fact]
    public async Task EveryRead_IsOneRequest_WithinTheWorkspacePartition_AndReadsOnlyItsOwnRows()
    {
        var bot = await TableBot.CreateAsync();
        var ws = NewWorkspace();
        await AssignAsync(bot, ws, "p1", "s1", "u-ben");
        await AssignAsync(bot, ws, "p2", "s2", "u-ben");
        await AssignAsync(bot, ws, "p3", "s3", "u-cleo");
        await bot.History.SaveInteractionAsync(ws, new Interaction { Id = "i1", PartnerId = "p1", UserId = "u-ben", Summary = "Met", OccurredAt = Now }, default);
        await bot.Dialogs.SaveAsync(ws, "u-ben", new PartnerBot.Core.Dialogs.PartnerCardDialog { Card = "screening", PartnerId = "p1", StartedAt = Now }, null, default);
        await AssignAsync(bot, NewWorkspace(), "p1", "s9", "u-ben");

        bot.Log.Clear();
        var history = await bot.History.GetAsync(ws, "p1", default);
        AssertOnePartitionQuery(bot);
        Assert.Equal(["s1"], history.NextSteps.Select(s => s.Id));
        Assert.Equal(["i1"], history.Interactions.Select(i => i.Id));

        bot.Log.Clear();
        var mine = await bot.NextSteps.ListOpenForAssigneeAsync(ws, "u-ben", default);
        AssertOnePartitionQuery(bot);
        Assert.Equal(["s1", "s2"], mine.Select(s => s.Value.Id).Order(StringComparer.Ordinal));

        bot.Log.Clear();
        var pipeline = await bot.Pipeline.ReadAsync(ws, default);
        AssertOnePartitionQuery(bot);
        Assert.Equal(["p1", "p2", "p3"], pipeline.Partners.Select(p => p.Id));
        Assert.Equal(["s3"], pipeline.Histories["p3"].NextSteps.Select(s => s.Id));

        bot.Log.Clear();
        Assert.NotNull(await bot.NextSteps.GetAsync(ws, "s2", default));
        var point = Assert.Single(bot.Log.Requests);
        Assert.Contains("(PartitionKey='", point.Uri, StringComparison.Ordinal);
    }

    private void AssertOnePartitionQuery(TableBot bot)
    {
        var request = Assert.Single(bot.Log.Requests);
        output.WriteLine(request.Uri);
        Assert.Equal("GET", request.Method);
        Assert.Contains("$filter=PartitionKey eq '", request.Uri, StringComparison.Ordinal);
        Assert.False(Filters.HasTopLevelOr(request.Uri), request.Uri);
    }
}
