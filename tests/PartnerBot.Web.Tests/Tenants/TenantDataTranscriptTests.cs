using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Tenants;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Tenants;

/// <summary>A tenant's data through the real host: 'erase workspace' over HTTP and Azurite, and an uninstall followed by the retention sweep.</summary>
public sealed class TenantDataTranscriptTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    private Task<PartnerBotFactory> CreateAsync() => PartnerBotFactory.CreateAsync(o =>
    {
        o.Settings["FollowThrough:RunBackgroundService"] = "false";
        o.ConfigureServices = services => services.AddSingleton<TimeProvider>(clock);
    });

    private static WorkspaceKey Ws(Transcript t) => WorkspaceKey.DefaultFor(t.Identity.TenantId);

    [Fact]
    public async Task EraseWorkspace_CardPassesTheParser_ConfirmErases_SecondClickRefused()
    {
        await using var app = await CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("add partner City Museum");
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" }));

        await ana.Send("erase workspace");
        var card = ana.LastCard;
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["erase workspace"] = card });
        Assert.Contains("Partners", Transcript.TextOf(card), StringComparison.Ordinal);
        var confirm = Transcript.ClientSubmit(card, "Confirm erase");
        await ana.SendSubmit(confirm.DeepClone().AsObject());

        Assert.Contains(ana.Replies, r => r.Text?.StartsWith("Erased the workspace's data (partners: 1", StringComparison.Ordinal) == true);
        Assert.Empty(await app.Services.GetRequiredService<IPartnerStore>().ListAsync(Ws(ana), default));

        var before = ana.Replies.Count;
        await ana.SendSubmit(confirm.DeepClone().AsObject());
        Assert.Contains(ana.Replies.Skip(before), r => r.Text?.Contains("so nothing was erased", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Uninstall_ThenRetentionPasses_SweepErasesTheTenant_ReinstallBeforeKeepsIt()
    {
        await using var app = await CreateAsync();
        var gone = app.Transcript("Grace");
        var back = app.Transcript("Hedy");
        foreach (var t in new[] { gone, back })
        {
            await t.SendInstall();
            await t.Send("add partner City Museum");
            await t.SendSubmit(Transcript.ClientSubmit(t.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" }));
            await t.SendUninstall();
        }

        var marks = app.Services.GetRequiredService<TableUninstallStore>();
        Assert.NotNull(await marks.GetAsync(gone.Identity.TenantId, default));
        Assert.NotNull(await marks.GetAsync(back.Identity.TenantId, default));
        clock.Advance(TimeSpan.FromDays(3));
        await back.SendInstall();
        Assert.Null(await marks.GetAsync(back.Identity.TenantId, default));

        clock.Advance(app.Services.GetRequiredService<IOptions<TenantRetentionOptions>>().Value.RetentionPeriod);
        var sweep = await app.Services.GetRequiredService<TenantRetentionSweeper>().SweepOnceAsync("test-instance", default);

        Assert.NotNull(sweep);
        Assert.True(sweep.Erased >= 1);
        var partners = app.Services.GetRequiredService<IPartnerStore>();
        Assert.Empty(await partners.ListAsync(Ws(gone), default));
        Assert.Null(await app.Services.GetRequiredService<IWorkspaceStore>().GetAsync(Ws(gone), default));
        Assert.Null(await app.Services.GetRequiredService<IConversationReferenceStore>().GetAsync(gone.Identity.TenantId, gone.Identity.AadObjectId, default));
        Assert.Null(await marks.GetAsync(gone.Identity.TenantId, default));
        Assert.Single(await partners.ListAsync(Ws(back), default));
    }
}
