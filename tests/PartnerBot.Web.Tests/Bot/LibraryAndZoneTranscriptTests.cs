using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using PartnerBot.Testing;
using PartnerBot.Testing.Hosting;
using PartnerBot.Testing.Transcripts;

namespace PartnerBot.Web.Tests.Bot;

/// <summary>
/// The library's name and default zone, and each person's own zone, through the real host over Azurite: the first
/// admin is asked in the welcome, admins change both later, and a person's zone follows their Teams client unless they
/// chose one in 'nudges'.
/// </summary>
public sealed class LibraryAndZoneTranscriptTests(PartnerBotAppFixture app) : IClassFixture<PartnerBotAppFixture>
{
    private IMemberStore Members => app.Factory.Services.GetRequiredService<IMemberStore>();

    private IWorkspaceStore Workspaces => app.Factory.Services.GetRequiredService<IWorkspaceStore>();

    private static Dictionary<string, string> Library(string name, string zone) => new() { [LibraryCard.NameInput] = name, [LibraryCard.ZoneInput] = zone };

    [Fact]
    public async Task Welcome_FirstAdmin_IsAskedTheLibrarysNameAndZone_AndTheDigestAndLetterUseIt()
    {
        var ada = app.Factory.Transcript(user: "Ada");
        await ada.SendInstall();
        var welcome = ada.AssertReplyCardContaining("First, your library");
        Assert.Contains(Transcript.TextOf(welcome).Split('\n'), l => l == "Europe/Amsterdam (UTC+01:00)" || l == "Europe/Amsterdam (UTC+02:00)");
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["welcome with the library's questions"] = welcome });

        await ada.SendSubmit(Transcript.ClientSubmit(welcome, "Save", Library("Riverside Public Library", "Europe/Amsterdam")));
        // It replaces the welcome card it was answered on, so it keeps the welcome's ways to start.
        var saved = ada.AssertReplyCardContaining("Saved: your library is Riverside Public Library, and its time zone is Europe/Amsterdam.");
        Assert.Equal(["Needs", "Add partner", "Show commands"], ButtonTitles(saved));
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["library saved"] = saved });
        var ws = (await Workspaces.GetAsync(WorkspaceKey.DefaultFor(ada.Identity.TenantId), default))!.Value;
        Assert.Equal(("Riverside Public Library", "Europe/Amsterdam"), (ws.LibraryName, ws.DefaultTimeZone));

        await ada.Send("digest");
        var digest = Transcript.TextOf(ada.AssertReplyCard());
        Assert.Contains("Partnership digest: Riverside Public Library", digest, StringComparison.Ordinal);
        Assert.Contains("Week of ", digest, StringComparison.Ordinal);
        Assert.DoesNotContain("-W", digest, StringComparison.Ordinal);

        await ada.Send("add partner Science Museum");
        var form = ada.AssertReplyCard();
        await ada.SendSubmit(Transcript.ClientSubmit(form, "Add partner", new Dictionary<string, string> { ["type"] = "CulturalInstitution" }));
        await ada.Send("draft Science Museum");
        var letter = Transcript.TextOf(ada.Cards[^1]);
        Assert.Contains("I am Ada at Riverside Public Library.", letter, StringComparison.Ordinal);
        Assert.DoesNotContain("Library workspace", letter, StringComparison.Ordinal);

        // A colleague joining later is welcomed without the admin's questions.
        var bo = app.Factory.Transcript(user: "Bo", tenant: ada.Identity.TenantId);
        await bo.SendInstall();
        Assert.DoesNotContain("First, your library", Transcript.TextOf(bo.AssertReplyCard()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Library_AnAdminChangesNameAndZone_StaffAndStaleCardsChangeNothing()
    {
        var ada = app.Factory.Transcript(user: "Ada");
        await ada.SendInstall();
        await ada.SendSubmit(Transcript.ClientSubmit(ada.AssertReplyCard(), "Save", Library("Old Town Library", "America/Chicago")));
        ada.AssertReplyCardContaining("Saved: your library is");
        var bo = app.Factory.Transcript(user: "Bo", tenant: ada.Identity.TenantId);
        await bo.SendInstall();
        bo.AssertReplyCard();

        await ada.Send("library");
        var card = ada.AssertReplyCardContaining("Your library");
        Assert.Contains(Transcript.ClientSubmit(card, "Save"), p => p.Key == LibraryCard.NameInput && (string?)p.Value == "Old Town Library");
        await AdaptiveCardValidator.AssertValidAsync(new Dictionary<string, JsonObject> { ["library"] = card });
        await ada.SendSubmit(Transcript.ClientSubmit(card, "Save", Library("Old Town Public Library", "Pacific/Auckland")));
        ada.AssertReplyCardContaining("Saved: your library is Old Town Public Library, and its time zone is Pacific/Auckland.");

        // The same card again: it was built from the settings before this change.
        await ada.SendSubmit(Transcript.ClientSubmit(card, "Save", Library("Stale Name", "UTC")));
        ada.AssertReplyText("Another admin changed the library's settings a moment ago, so nothing was saved.");
        await bo.Send("library");
        bo.AssertReplyText("Only a workspace admin");
        await bo.SendSubmit(Transcript.ClientSubmit(card, "Save", Library("Bo's Library", "UTC")));
        bo.AssertReplyText("Only a workspace admin");
        await ada.Send("library");
        await ada.SendSubmit(Transcript.ClientSubmit(ada.AssertReplyCard(), "Save", Library("Old Town Public Library", "Mars/Olympus_Mons")));
        ada.AssertReplyText("I do not know the time zone \"Mars/Olympus_Mons\"");

        var ws = (await Workspaces.GetAsync(WorkspaceKey.DefaultFor(ada.Identity.TenantId), default))!.Value;
        Assert.Equal(("Old Town Public Library", "Pacific/Auckland"), (ws.LibraryName, ws.DefaultTimeZone));
        await ada.Send("digest");
        Assert.Contains("Partnership digest: Old Town Public Library", Transcript.TextOf(ada.AssertReplyCard()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalTimezone_OnAnActivity_UpdatesThePersonsZone_AsDoesTheClientInfoEntity()
    {
        var ada = app.Factory.Transcript(user: "Ada");
        var key = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        var hello = ada.Message("help");
        hello.LocalTimezone = "America/Chicago";
        await ada.SendActivity(hello);
        Assert.Equal("America/Chicago", (await Members.GetAsync(key, ada.Identity.AadObjectId, default))!.Value.TimeZone);

        var moved = ada.Message("nudges");
        moved.LocalTimezone = null;
        moved.Entities = [new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-NZ", ["timezone"] = "Pacific/Auckland" }];
        await ada.SendActivity(moved);
        Assert.Equal("Pacific/Auckland", (await Members.GetAsync(key, ada.Identity.AadObjectId, default))!.Value.TimeZone);
        Assert.Contains("Times are in your time zone (Pacific/Auckland)", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);

        // A zone nobody knows is not stored.
        var odd = ada.Message("help");
        odd.LocalTimezone = "Mars/Olympus_Mons";
        await ada.SendActivity(odd);
        Assert.Equal("Pacific/Auckland", (await Members.GetAsync(key, ada.Identity.AadObjectId, default))!.Value.TimeZone);
    }

    [Fact]
    public async Task Nudges_SetsThePersonsZone_WhichTeamsNoLongerOverrides_UntilTheyFollowTeamsAgain()
    {
        var ada = app.Factory.Transcript(user: "Ada");
        var key = WorkspaceKey.DefaultFor(ada.Identity.TenantId);
        var ask = ada.Message("nudges");
        ask.LocalTimezone = "America/Chicago";
        await ada.SendActivity(ask);
        var card = ada.LastCard;
        Assert.Contains("Follow Teams (now America/Chicago)", Transcript.TextOf(card), StringComparison.Ordinal);

        await ada.SendSubmit(Transcript.ClientSubmit(card, "Save", new Dictionary<string, string> { [NudgeSettingsCard.ZoneInput] = "Europe/Amsterdam" }));
        Assert.Contains("Your time zone is now Europe/Amsterdam", ada.Replies[^1].Text, StringComparison.Ordinal);
        var fromChicago = ada.Message("nudges");
        fromChicago.LocalTimezone = "America/Chicago";
        await ada.SendActivity(fromChicago);
        Assert.Contains("Times are in your time zone (Europe/Amsterdam)", Transcript.TextOf(ada.LastCard), StringComparison.Ordinal);
        var member = (await Members.GetAsync(key, ada.Identity.AadObjectId, default))!.Value;
        Assert.Equal(("Europe/Amsterdam", true), (member.TimeZone, member.TimeZoneChosen));

        await ada.SendSubmit(Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { [NudgeSettingsCard.ZoneInput] = "Nowhere/Special", ["workStart"] = "07:00" }));
        Assert.Contains("Nothing was saved", ada.Replies[^1].Text, StringComparison.Ordinal);
        Assert.Equal("Europe/Amsterdam", (await Members.GetAsync(key, ada.Identity.AadObjectId, default))!.Value.TimeZone);

        var back = ada.Message(null, Transcript.ClientSubmit(ada.LastCard, "Save", new Dictionary<string, string> { [NudgeSettingsCard.ZoneInput] = "teams" }));
        back.LocalTimezone = "America/Chicago";
        await ada.SendActivity(back);
        Assert.Contains("follows Teams again", ada.Replies[^1].Text, StringComparison.Ordinal);
        member = (await Members.GetAsync(key, ada.Identity.AadObjectId, default))!.Value;
        Assert.Equal(("America/Chicago", false), (member.TimeZone, member.TimeZoneChosen));
    }

    /// <summary>The titles of the card's buttons, in the order they are shown.</summary>
    private static List<string> ButtonTitles(JsonNode? node) => node switch
    {
        JsonObject o when ((string?)o["type"])?.StartsWith("Action.", StringComparison.Ordinal) == true => [(string)o["title"]!],
        JsonObject o => o.SelectMany(p => ButtonTitles(p.Value)).ToList(),
        JsonArray a => a.SelectMany(ButtonTitles).ToList(),
        _ => [],
    };
}
