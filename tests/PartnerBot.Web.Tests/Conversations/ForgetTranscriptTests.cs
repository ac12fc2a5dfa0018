using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>'forget &lt;name&gt;' through the real host: HTTP in, the engine, Azurite, the outbox.</summary>
public sealed class ForgetTranscriptTests
{
    [Fact]
    public async Task Forget_Confirmed_ErasesTheMember_AndTheirUnsentPrompt_StepStaysUnderAFormerStaffMember()
    {
        await using var app = await PartnerBotFactory.CreateAsync(o => o.Settings["FollowThrough:RunBackgroundService"] = "false");
        var ana = app.Transcript("Ana");
        var ben = app.Transcript("Ben", ana.Identity.TenantId);
        await ana.Send("help");
        await ben.Send("help");
        var ws = WorkspaceKey.DefaultFor(ana.Identity.TenantId);
        var benId = (await app.Services.GetRequiredService<IMemberStore>().ListAsync(ws, default)).Single(m => m.Name == "Ben").UserId;
        await ana.Send("add partner City Museum");
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" }));
        await ana.Send("contact City Museum");
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Save and notify", new Dictionary<string, string> { ["lead"] = benId, ["step"] = "Call the curator", ["due"] = "2030-01-15" }));
        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        var later = DateTimeOffset.UtcNow.AddYears(10);
        Assert.Contains(await outbox.ListDueAsync(later, 100, default), m => m.Value.RecipientUserId == benId);

        await ben.Send("forget Ana");
        Assert.Contains(ben.Replies, r => r.Text?.Contains("Only a workspace admin", StringComparison.Ordinal) == true);
        await ana.Send("forget Ben");
        var confirm = ana.LastCard;
        Assert.Contains("Erase Ben's personal data?", Transcript.TextOf(confirm), StringComparison.Ordinal);
        await ana.SendSubmit(Transcript.ClientSubmit(confirm, "Erase Ben"));

        Assert.Contains(ana.Replies, r => r.Text?.StartsWith("Erased Ben's personal data", StringComparison.Ordinal) == true);
        Assert.Null(await app.Services.GetRequiredService<IMemberStore>().GetAsync(ws, benId, default));
        Assert.DoesNotContain(await outbox.ListDueAsync(later, 100, default), m => m.Value.RecipientUserId == benId);
        var pipeline = await app.Services.GetRequiredService<IPipelineStore>().ReadAsync(ws, default);
        var step = Assert.Single(pipeline.Histories.Values.SelectMany(h => h.NextSteps));
        Assert.Equal("Call the curator", step.Description);
        Assert.StartsWith(StaffErasure.ReplacementPrefix, step.AssigneeUserId, StringComparison.Ordinal);
        await ana.Send("members");
        Assert.DoesNotContain("Ben", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);
        await ana.Send("help");
        var help = Transcript.TextOf(ana.LastCard);
        Assert.Contains("forget", help, StringComparison.Ordinal);
        Assert.Contains("export workspace", help, StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["forget"] = confirm });
    }
}
