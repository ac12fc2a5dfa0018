using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>Adding once, archiving, undoing and erasing through the real host: HTTP in, the engine, Azurite, the outbox.</summary>
public sealed class ArchiveTranscriptTests
{
    private static Task<PartnerBotFactory> CreateAsync(PartnerBotFactory? sharing = null) => PartnerBotFactory.CreateAsync(o =>
    {
        o.TablePrefix = sharing?.TablePrefix;
        // Messages stay in the outbox, unsent, so the erase has something to remove.
        o.Settings["FollowThrough:RunBackgroundService"] = "false";
    });

    private static WorkspaceKey Ws(Transcript t) => WorkspaceKey.DefaultFor(t.Identity.TenantId);

    private static Task<IReadOnlyList<Partner>> PartnersAsync(PartnerBotFactory app, Transcript t) =>
        app.Services.GetRequiredService<IPartnerStore>().ListAsync(Ws(t), default);

    private static async Task AddAsync(Transcript t, string name, string type, IReadOnlyDictionary<string, string>? more = null)
    {
        await t.Send("add partner " + name);
        var typed = new Dictionary<string, string> { ["type"] = type };
        foreach (var (k, v) in more ?? new Dictionary<string, string>())
        {
            typed[k] = v;
        }

        await t.SendSubmit(Transcript.ClientSubmit(t.LastCard, "Add partner", typed));
    }

    private static string Texts(Transcript t, int from) =>
        string.Join('\n', t.Replies.Skip(from).Select(r => (r.Text ?? "") + "\n" + string.Join('\n', Transcript.CardsOf(r).Select(c => Transcript.TextOf(c)))));

    [Fact]
    public async Task AddCard_SubmittedOnTwoInstances_CreatesOnePartner_TheSecondSaysAlreadyAdded()
    {
        await using var first = await CreateAsync();
        await using var second = await CreateAsync(first);
        var ana = first.Transcript("Ana");
        await ana.Send("add partner City Museum");
        var submit = Transcript.ClientSubmit(ana.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" });

        await ana.SendSubmit(submit.DeepClone().AsObject());
        var onSecond = second.Transcript(ana.Identity);
        await onSecond.SendSubmit(submit.DeepClone().AsObject());

        Assert.Contains(ana.Replies, r => r.Text?.StartsWith("Added City Museum.", StringComparison.Ordinal) == true);
        Assert.Contains(second.Connector.SentTo(ana.Identity.ConversationId), r => r.Text == "City Museum was already added from this card; here it is.");
        Assert.Single(await PartnersAsync(first, ana));
    }

    [Fact]
    public async Task NearDuplicateName_AsksOpenOrAddAnyway_BeforeAdding()
    {
        await using var app = await CreateAsync();
        var ana = app.Transcript("Ana");
        await AddAsync(ana, "City Museum", "CulturalInstitution");

        await AddAsync(ana, "  city-MUSEUM ", "CulturalInstitution");

        var question = Transcript.TextOf(ana.LastCard);
        Assert.Contains("City Museum is already a partner (identified). Open it, or add \"city-MUSEUM\" anyway?", question, StringComparison.Ordinal);
        Assert.Contains("Add anyway", question, StringComparison.Ordinal);
        Assert.Single(await PartnersAsync(app, ana));
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["same name"] = ana.LastCard });
    }

    [Fact]
    public async Task Archived_AbsentFromListsPickersRankingCoverageDigestAndExport_UndoBringsItBack()
    {
        await using var app = await CreateAsync();
        var ana = app.Transcript("Ana");
        await ana.Send("needs");
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Next", new Dictionary<string, string> { ["goal"] = "Coding club", ["targetUsers"] = "Children 8-12" }));
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Next", new Dictionary<string, string> { ["need-hr"] = "Volunteer coaches" }));
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Finish"));
        await ana.Send("add partner Code Club Volunteers");
        var needChoice = ana.LastCard.ToJsonString().Contains("\"id\":\"needs\"", StringComparison.Ordinal);
        Assert.True(needChoice, "The add card offers no needs to cover.");
        var needId = (string)JsonNode.Parse(ana.LastCard.ToJsonString())!["body"]!.AsArray().First(e => (string?)e!["id"] == "needs")!["choices"]![0]!["value"]!;
        await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Add partner", new Dictionary<string, string> { ["type"] = "Nonprofit", ["needs"] = needId }));
        await AddAsync(ana, "Riverside School District", "SchoolDistrict");
        await ana.Send("portfolio");
        Assert.DoesNotContain("Volunteer coaches", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);

        await ana.Send("archive Code Club Volunteers");
        var confirmation = ana.LastCard;
        Assert.Contains("Archived Code Club Volunteers.", Transcript.TextOf(confirmation), StringComparison.Ordinal);

        var from = ana.Replies.Count;
        await ana.Send("partners");
        await ana.Send("ranking");
        await ana.Send("screen");
        await ana.Send("contact");
        Assert.DoesNotContain("Code Club", Texts(ana, from), StringComparison.Ordinal);
        await ana.Send("partner Code Club Volunteers");
        Assert.Contains("I found no partner called \"Code Club Volunteers\"", ana.Replies[^1].Text, StringComparison.Ordinal);
        await ana.Send("portfolio");
        Assert.Contains("Volunteer coaches", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);
        await ana.Send("digest");
        var digest = Transcript.TextOf(ana.LastCard);
        Assert.DoesNotContain("Code Club", digest, StringComparison.Ordinal);
        Assert.Contains("Volunteer coaches", digest, StringComparison.Ordinal);
        await ana.Send("export");
        var url = new Uri((string)JsonNode.Parse(ana.LastCard.ToJsonString())!["actions"]![0]!["url"]!);
        var csv = await app.Http.GetStringAsync(url.PathAndQuery);
        Assert.Contains("Riverside School District", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Code Club", csv, StringComparison.Ordinal);

        await ana.SendSubmit(Transcript.ClientSubmit(confirmation, "Undo"));
        Assert.Contains(ana.Replies, r => r.Text == "Undone: Code Club Volunteers is back in your lists.");
        await ana.Send("ranking");
        Assert.Contains("Code Club Volunteers", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["archived"] = confirmation });
    }

    [Fact]
    public async Task Erase_Confirmed_RemovesHistoryStepsAndUnsentMessages_AndLaterDigestAndExportDoNotMentionIt()
    {
        await using var app = await CreateAsync();
        var ana = app.Transcript("Ana");
        var ben = app.Transcript("Ben", ana.Identity.TenantId);
        await ana.Send("help");
        await ben.Send("help");
        var benId = (await app.Services.GetRequiredService<IMemberStore>().ListAsync(Ws(ana), default)).Single(m => m.Name == "Ben").UserId;
        await AddAsync(ana, "Jane Doe", "Individual", new Dictionary<string, string> { ["notes"] = "Illustrator, lives on Elm Street" });
        await AddAsync(ana, "City Museum", "CulturalInstitution");
        foreach (var name in new[] { "Jane Doe", "City Museum" })
        {
            await ana.Send("log " + name);
            await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Log it", new Dictionary<string, string> { ["summary"] = "Met " + name }));
            await ana.Send("contact " + name);
            await ana.SendSubmit(Transcript.ClientSubmit(ana.LastCard, "Save and notify", new Dictionary<string, string> { ["lead"] = benId, ["step"] = "Call " + name, ["due"] = "2030-01-15" }));
        }

        var outbox = app.Services.GetRequiredService<IOutboxStore>();
        var later = DateTimeOffset.UtcNow.AddYears(10);
        Assert.Equal(2, (await outbox.ListDueAsync(later, 100, default)).Count);

        await ben.Send("erase Jane Doe");
        Assert.Contains(ben.Replies, r => r.Text?.Contains("Only managers and admins can erase", StringComparison.Ordinal) == true);
        await ana.Send("erase Jane Doe");
        var confirm = ana.LastCard;
        Assert.Contains("Erase Jane Doe for good?", Transcript.TextOf(confirm), StringComparison.Ordinal);
        Assert.Equal(2, (await PartnersAsync(app, ana)).Count);

        await ana.SendSubmit(Transcript.ClientSubmit(confirm, "Erase Jane Doe"));

        Assert.Contains(ana.Replies, r => r.Text == "Erased: the partner, its history, its next steps, its introductions and 1 unsent message are gone. Digests and exports no longer mention it.");
        var left = Assert.Single(await outbox.ListDueAsync(later, 100, default));
        Assert.Contains("City Museum", left.Value.PayloadJson, StringComparison.Ordinal);
        var pipeline = await app.Services.GetRequiredService<IPipelineStore>().ReadAsync(Ws(ana), default);
        var museum = Assert.Single(pipeline.Partners);
        Assert.Equal("City Museum", museum.Name);
        Assert.Single(pipeline.Histories[museum.Id].Interactions);
        Assert.Single(pipeline.Histories[museum.Id].NextSteps);

        await ana.Send("digest");
        Assert.DoesNotContain("Jane", Transcript.TextOf(ana.LastCard), StringComparison.Ordinal);
        await ana.Send("export");
        var url = new Uri((string)JsonNode.Parse(ana.LastCard.ToJsonString())!["actions"]![0]!["url"]!);
        var csv = await app.Http.GetStringAsync(url.PathAndQuery);
        Assert.Contains("City Museum", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", csv, StringComparison.Ordinal);
        await ben.Send("my steps");
        Assert.DoesNotContain("Jane", Transcript.TextOf(ben.LastCard), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["erase"] = confirm });
    }
}
