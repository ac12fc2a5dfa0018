using PartnerBot.Core.FollowThrough;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tests.Support;

namespace PartnerBot.Storage.Tests.Lifecycle;

/// <summary>The partner's side of the health check is history beside the partner: read with it, and erased with it.</summary>
public class PartnerRoundEraseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static Partner APerson(string id, string name) => new()
    {
        Id = id,
        Name = name,
        Type = PartnerType.Individual,
        Sector = Sector.Civic,
        Stage = PartnerStage.Active,
        CreatedByUserId = "u-ana",
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static PartnerRound Round(string id, string partnerId, string comment) => new()
    {
        Id = id,
        PartnerId = partnerId,
        CreatedByUserId = "u-ana",
        CreatedAt = Now,
        ExpiresAt = Now + PartnerRounds.DefaultLifetime,
        Response = new PartnerResponse { Scores = new Dictionary<HealthQuestion, int> { [HealthQuestion.Communication] = 2 }, Comment = comment, SubmittedAt = Now.AddDays(1) },
    };

    [Fact]
    public async Task Erase_RemovesThePartnersRounds_AndLeavesAnotherPartnersAlone()
    {
        var bot = await TableBot.CreateAsync();
        var ws = WorkspaceKey.DefaultFor("t" + Guid.NewGuid().ToString("N")[..8]);
        var jane = await bot.Partners.SaveAsync(ws, APerson("pjane", "Jane Doe"), null, default);
        await bot.Partners.SaveAsync(ws, APerson("pmuseum", "City Museum"), null, default);
        await bot.History.SaveAsync(ws, Round("r1", "pjane", "Jane here: slow replies"), null, default);
        await bot.History.SaveAsync(ws, Round("r2", "pjane", "Jane again"), null, default);
        await bot.History.SaveAsync(ws, Round("r3", "pmuseum", "Museum view"), null, default);
        Assert.Equal(["r1", "r2"], (await bot.History.GetAsync(ws, "pjane", default)).PartnerRounds.Select(r => r.Id).Order());

        await bot.Removals.EraseAsync(ws, "pjane", jane.ETag, new PartnerErasure { Id = "e1", PartnerId = "pjane", ErasedAt = Now, ErasedByUserId = "u-ana" }, default);

        Assert.Null(await bot.History.GetAsync(ws, "pjane", "r1", default));
        Assert.Null(await bot.History.GetAsync(ws, "pjane", "r2", default));
        Assert.Empty((await bot.History.GetAsync(ws, "pjane", default)).PartnerRounds);
        Assert.Equal("Museum view", (await bot.History.GetAsync(ws, "pmuseum", "r3", default))!.Value.Response!.Comment);
        var pipeline = await bot.Pipeline.ReadAsync(ws, default);
        Assert.DoesNotContain(pipeline.Histories.Values.SelectMany(h => h.PartnerRounds), r => r.PartnerId == "pjane");
    }
}
