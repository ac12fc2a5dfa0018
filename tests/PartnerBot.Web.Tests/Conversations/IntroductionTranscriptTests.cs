using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Introductions;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>
/// Introductions between community actors through /api/messages on the real host over Azurite: a suggestion recorded,
/// shown on both partners' cards, its outcome set and counted in the digest; a stale outcome click and tampered card
/// data refused with nothing changed; erasing a partner takes its introductions with it. Each test has a tenant of its
/// own; the first person in it (Ada) is its admin, Bob and Cy are staff.
/// </summary>
public sealed class IntroductionTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private const string Surfers = "SilverSurfers Foundation";
    private const string Youth = "Youth/Workforce Dept";
    private const string Scouts = "Scout Hall";

    private IIntroductionStore Introductions => app.Factory.Services.GetRequiredService<IIntroductionStore>();

    private async Task<(Transcript Ada, Transcript Bob, Transcript Cy, WorkspaceKey Ws)> StartAsync()
    {
        var tenant = "tenant-" + Guid.NewGuid().ToString("N")[..8];
        var ada = app.Factory.Transcript("Ada", tenant);
        var bob = app.Factory.Transcript("Bob", tenant);
        var cy = app.Factory.Transcript("Cy", tenant);
        await ada.Send("help");
        await bob.Send("help");
        await cy.Send("help");
        var ws = WorkspaceKey.DefaultFor(tenant);
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        var partners = app.Factory.Services.GetRequiredService<IPartnerStore>();
        foreach (var (id, name, cluster, archived) in new[] { ("p-surf", Surfers, "digital inclusion", false), ("p-youth", Youth, "digital inclusion", false), ("p-scout", Scouts, "heritage", false), ("p-old", "Old Mill Trust", "digital inclusion", true) })
        {
            await partners.SaveAsync(ws, new Partner
            {
                Id = id,
                Name = name,
                Type = PartnerType.Nonprofit,
                Sector = Sector.Civic,
                Clusters = [cluster],
                Stage = PartnerStage.Active,
                Archived = archived ? new PartnerArchive(now, ada.Identity.AadObjectId) : null,
                CreatedByUserId = ada.Identity.AadObjectId,
                CreatedAt = now,
                UpdatedAt = now,
            }, null, default);
        }

        return (ada, bob, cy, ws);
    }

    private static JsonObject Button(JsonObject card, string action, string idField, string id) =>
        Objects(card).First(o => (string?)o["type"] == "Action.Execute" && (string?)o["data"]?["action"] == action && (string?)o["data"]?[idField] == id)["data"]!.DeepClone().AsObject();

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(kv => Objects(kv.Value))),
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private async Task<IReadOnlyList<Stored<Introduction>>> StoredAsync(WorkspaceKey ws) => await Introductions.ListAsync(ws, default);

    [Fact]
    public async Task Suggestion_Recorded_ShowsOnBothPartnerCards_OutcomeSet_AndTheDigestCountsIt()
    {
        var (ada, bob, cy, ws) = await StartAsync();
        await bob.Send("introductions");
        var overview = bob.LastCard;
        Assert.Contains($"{Surfers} and {Youth} both work on digital inclusion.", Transcript.TextOf(overview), StringComparison.Ordinal);
        Assert.DoesNotContain("Old Mill Trust", Transcript.TextOf(overview), StringComparison.Ordinal);

        await bob.SendSubmit(Button(overview, "intro.form", "first", "p-surf"));
        var form = bob.LastCard;
        Assert.Contains("Record an introduction", Transcript.TextOf(form), StringComparison.Ordinal);
        await bob.SendSubmit(Transcript.ClientSubmit(form, "Record introduction"));
        Assert.StartsWith($"Recorded: {Surfers} and {Youth} were introduced today.", bob.Replies[^1].Text, StringComparison.Ordinal);
        var recorded = Assert.Single(await StoredAsync(ws)).Value;
        Assert.Equal(("p-surf", "p-youth", bob.Identity.AadObjectId, $"{Surfers} and {Youth} both work on digital inclusion."),
            (recorded.FirstPartnerId, recorded.SecondPartnerId, recorded.RecordedByUserId, recorded.Reason));

        await ada.Send($"partner {Surfers}");
        var surfCard = ada.LastCard;
        Assert.Contains($"Introduced to {Youth} · outcome not recorded yet", Transcript.TextOf(surfCard), StringComparison.Ordinal);
        await ada.Send($"partner {Youth}");
        Assert.Contains($"Introduced to {Surfers} · outcome not recorded yet", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        // Cy is staff, neither the recorder nor a contact: no Outcome button, and a forged click changes nothing.
        await cy.Send($"partner {Youth}");
        Assert.DoesNotContain("intro.outcome-open", cy.LastCard.ToJsonString(), StringComparison.Ordinal);
        await cy.SendSubmit(new JsonObject { ["action"] = "intro.outcome-open", ["intro"] = recorded.Id });
        Assert.Equal(IntroductionsFlow.NotYours, cy.Replies[^1].Text);

        await bob.Send($"partner {Youth}");
        await bob.SendSubmit(Button(bob.LastCard, "intro.outcome-open", "intro", recorded.Id));
        var outcomeForm = bob.LastCard;
        await cy.SendSubmit(Transcript.ClientSubmit(outcomeForm, "Save outcome", new Dictionary<string, string> { ["outcome"] = "JointProject" }));
        Assert.Equal(IntroductionsFlow.NotYours, cy.Replies[^1].Text);
        await bob.SendSubmit(Transcript.ClientSubmit(outcomeForm, "Save outcome", new Dictionary<string, string> { ["outcome"] = "JointProject", ["note"] = "Tablet course in spring" }));
        Assert.Equal($"Saved: introducing {Surfers} and {Youth} led to a joint project.", bob.Replies[^1].Text);
        var after = Assert.Single(await StoredAsync(ws)).Value;
        Assert.Equal((IntroductionOutcome.JointProject, "Tablet course in spring", bob.Identity.AadObjectId), (after.Outcome, after.OutcomeNote, after.OutcomeByUserId));

        await ada.Send("digest");
        var digest = ada.LastCard;
        Assert.Contains("1 introduction this month; 1 led to a joint project", Transcript.TextOf(digest), StringComparison.Ordinal);
        await ada.Send("introductions");
        var again = ada.LastCard;
        Assert.DoesNotContain("intro.form", again.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains($"{Surfers} and {Youth} · joint project (Tablet course in spring)", Transcript.TextOf(again), StringComparison.Ordinal);
        await ada.Send($"partner {Surfers}");
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject>
        {
            ["overview"] = overview,
            ["record form"] = form,
            ["partner card"] = ada.LastCard,
            ["outcome form"] = outcomeForm,
            ["overview after"] = again,
            ["digest"] = digest,
        });
    }

    [Fact]
    public async Task IntroduceCommand_NamesWithAnd_ThenAStaleOutcomeClick_IsRefused_AndChangesNothing()
    {
        var (ada, bob, _, ws) = await StartAsync();
        await bob.Send($"introduce {Scouts} and {Surfers}");
        var form = bob.LastCard;
        Assert.Contains($"{Scouts} and {Surfers}", Transcript.TextOf(form), StringComparison.Ordinal);
        await bob.SendSubmit(Transcript.ClientSubmit(form, "Record introduction", new Dictionary<string, string> { ["reason"] = "Both run walks for newcomers." }));
        var recorded = Assert.Single(await StoredAsync(ws));
        Assert.Equal("Both run walks for newcomers.", recorded.Value.Reason);
        // The same card sent again records nothing more.
        await bob.SendSubmit(Transcript.ClientSubmit(form, "Record introduction", new Dictionary<string, string> { ["reason"] = "Both run walks for newcomers." }));
        Assert.Contains("already recorded from this card", bob.Replies[^1].Text, StringComparison.Ordinal);
        await bob.Send($"introduce {Surfers} and {Scouts}");
        Assert.Contains("were already introduced on", bob.Replies[^1].Text, StringComparison.Ordinal);

        await ada.Send("introductions");
        var overview = ada.LastCard;
        await ada.SendSubmit(Button(overview, "intro.outcome-open", "intro", recorded.Value.Id));
        var first = ada.LastCard;
        await bob.SendSubmit(Button(overview, "intro.outcome-open", "intro", recorded.Value.Id));
        var second = bob.LastCard;
        await ada.SendSubmit(Transcript.ClientSubmit(first, "Save outcome", new Dictionary<string, string> { ["outcome"] = "InTouch" }));
        var saved = Assert.Single(await StoredAsync(ws));

        await bob.SendSubmit(Transcript.ClientSubmit(second, "Save outcome", new Dictionary<string, string> { ["outcome"] = "NoFollowUp" }));

        Assert.Equal(IntroductionsFlow.Stale, bob.Replies[^1].Text);
        var now = Assert.Single(await StoredAsync(ws));
        Assert.Equal((IntroductionOutcome.InTouch, saved.ETag), (now.Value.Outcome, now.ETag));
    }

    [Fact]
    public async Task TamperedCardData_IsRefusedClearly_AndNothingIsRecorded()
    {
        var (ada, bob, _, ws) = await StartAsync();
        await bob.Send($"introduce {Scouts} and {Youth}");
        var form = bob.LastCard;
        var good = Transcript.ClientSubmit(form, "Record introduction", new Dictionary<string, string> { ["reason"] = "They should meet." });
        JsonObject With(params (string Key, string Value)[] changes)
        {
            var value = good.DeepClone().AsObject();
            foreach (var (key, v) in changes)
            {
                value[key] = v;
            }

            return value;
        }

        var cases = new (JsonObject Value, string Expected)[]
        {
            (With(("second", "p-nowhere")), "That partner is not in your workspace"),
            (With(("second", new string('x', 200))), "That partner is not in your workspace"),
            (With(("second", "p-scout")), "An introduction needs two different partners. Nothing was recorded."),
            (With(("second", "p-old")), "Old Mill Trust is archived; restore it first to introduce it. Nothing was recorded."),
            (With(("token", "not-a-token")), IntroductionsFlow.NotOurCard),
            (With(("reason", new string('r', IntroductionRules.MaxReason + 1))), "Nothing was recorded: why they should meet may be at most 500 characters (it has 501)."),
            (With(("date", DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))), "Nothing was recorded: the day of the introduction cannot be in the future."),
            (With(("date", "tomorrow")), "must be a date"),
            (new JsonObject { ["action"] = "intro.form", ["first"] = "p-surf", ["second"] = "p-surf" }, "An introduction needs two different partners."),
            (new JsonObject { ["action"] = "intro.outcome-open", ["intro"] = "nope" }, IntroductionsFlow.Gone),
        };
        foreach (var (value, expected) in cases)
        {
            await bob.SendSubmit(value);
            Assert.Contains(expected, bob.Replies[^1].Text, StringComparison.Ordinal);
        }

        Assert.Empty(await StoredAsync(ws));

        await bob.SendSubmit(good);
        var recorded = Assert.Single(await StoredAsync(ws));
        await ada.Send("introductions");
        await ada.SendSubmit(Button(ada.LastCard, "intro.outcome-open", "intro", recorded.Value.Id));
        var outcome = ada.LastCard;
        foreach (var (typed, expected) in new[] { ("Pending", "Pick what came of it"), ("7", "has a value I do not know"), ("", "is required") })
        {
            await ada.SendSubmit(Transcript.ClientSubmit(outcome, "Save outcome", new Dictionary<string, string> { ["outcome"] = typed }));
            Assert.Contains(expected, ada.Replies[^1].Text, StringComparison.Ordinal);
        }

        Assert.Equal(recorded.ETag, Assert.Single(await StoredAsync(ws)).ETag);
    }

    [Fact]
    public async Task ErasingAPartner_RemovesItsIntroductions_AndTheOtherPartnersCardNoLongerShowsThem()
    {
        var (ada, bob, _, ws) = await StartAsync();
        // Only a private person is erased; archiving hides anyone else.
        var now = DateTimeOffset.UtcNow.AddDays(-30);
        await app.Factory.Services.GetRequiredService<IPartnerStore>().SaveAsync(ws, new Partner
        {
            Id = "p-jane",
            Name = "Jane Doe",
            Type = PartnerType.Individual,
            Sector = Sector.Civic,
            Clusters = ["digital inclusion"],
            CreatedByUserId = ada.Identity.AadObjectId,
            CreatedAt = now,
            UpdatedAt = now,
        }, null, default);
        foreach (var (a, b) in new[] { ("Jane Doe", Youth), (Scouts, "Jane Doe"), (Youth, Scouts) })
        {
            await bob.Send($"introduce {a} and {b}");
            await bob.SendSubmit(Transcript.ClientSubmit(bob.LastCard, "Record introduction", new Dictionary<string, string> { ["reason"] = "They should meet." }));
        }

        Assert.Equal(3, (await StoredAsync(ws)).Count);
        await ada.Send($"partner {Youth}");
        Assert.Contains("Introduced to Jane Doe", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);

        await ada.Send("erase Jane Doe");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Erase Jane Doe"));

        Assert.Contains(ada.Replies, r => r.Text?.StartsWith("Erased:", StringComparison.Ordinal) == true);
        var left = Assert.Single(await StoredAsync(ws));
        Assert.Equal(["p-scout", "p-youth"], new[] { left.Value.FirstPartnerId, left.Value.SecondPartnerId }.Order(StringComparer.Ordinal));
        await ada.Send($"partner {Youth}");
        var card = Transcript.TextOf(ada.LastCard);
        Assert.DoesNotContain("Jane", card, StringComparison.Ordinal);
        Assert.Contains($"Introduced to {Scouts}", card, StringComparison.Ordinal);
        await ada.Send("introductions");
        Assert.DoesNotContain("Jane", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
    }
}
