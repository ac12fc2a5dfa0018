using System.Globalization;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;
using PartnerBot.Storage.Pipeline;
using PartnerBot.Storage.Tests.Support;
using PartnerBot.Testing;
using Xunit.Abstractions;

namespace PartnerBot.Storage.Tests.Flows;

/// <summary>The flows against real tables on Azurite.</summary>
public class FlowStorageTests(ITestOutputHelper output)
{
    private static string Tenant() => "t" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task EndToEnd_FromNothingToContactAndNextStep_SurvivesRestart_AndEveryCardParses()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var ana = bot.Talk(tenant, "u-ana", "Ana");
        var ben = bot.Talk(tenant, "u-ben", "Ben");
        await ana.SayAsync("help");
        await ben.SayAsync("help");
        ana.Cards.Add(Core.Cards.WelcomeCard.Build("Ana").ToJson());

        await ana.CompleteNeedsAsync();
        await ana.AddPartnerAsync("Job Centre / Workforce Dept.");
        await ana.AddPartnerAsync("Robotics Ltd", type: "PrivateCompany");
        await ana.ScreenAsync("Job Centre", 5, 4, 5, 4, 4);
        await ben.ScreenAsync("Job Centre", 2, 4, 5, 4, 4);
        await ana.ScreenAsync("Robotics Ltd", 3, 3, 3, 3, 3);
        Assert.Contains("⚠", ben.Text, StringComparison.Ordinal);
        await ana.SayAsync("assess Job Centre");
        await ana.ClickAsync("Submit assessment", Steps.AssessmentInputs(4, 4));
        Assert.Contains("Pursue", ana.Text, StringComparison.Ordinal);
        await ana.ClickAsync("Name a contact");
        await ana.ClickAsync("Save and notify", new Dictionary<string, string> { ["lead"] = "u-ben", ["step"] = "Call the director", ["due"] = "2026-12-01" });
        Assert.Contains("Ben is now the contact", ana.Text, StringComparison.Ordinal);

        ana.Engine = bot.Restart();
        ben.Engine = ana.Engine;
        await ben.SayAsync("my steps");
        Assert.Contains("Call the director", ben.Text, StringComparison.Ordinal);
        await ben.SayAsync("log job centr");
        await ben.ClickAsync("Log it", new Dictionary<string, string> { ["summary"] = "Called the director / #1?", ["date"] = "2026-11-20" });
        Assert.Contains("Logged your contact with Job Centre / Workforce Dept. (20 Nov 2026)", ben.Text, StringComparison.Ordinal);
        await ana.SayAsync("ranking");
        Assert.Contains("1. Job Centre / Workforce Dept. — 4.0 · Pursue · Prioritised", ana.Text, StringComparison.Ordinal);
        Assert.Contains("2. Robotics Ltd — 3.0", ana.Text, StringComparison.Ordinal);

        // Every other card a flow can send, for the parser.
        await ana.SayAsync("partners");
        await ana.SayAsync("partner Job Centre");
        Assert.Contains("Called the director / #1?", ana.Text, StringComparison.Ordinal);
        await ana.SayAsync("log Robotics Ltd");
        await ana.SayAsync("stage Robotics Ltd");
        await ana.SayAsync("formalise Robotics Ltd");
        await ana.SayAsync("contact Robotics Ltd");
        await ana.SayAsync("portfolio");
        await ana.SayAsync("members");
        await ana.SayAsync("partner");
        await ana.SayAsync("needs summary");
        await ana.ClickAsync("Edit needs");
        await ana.ClickAsync("Edit offers");
        var cards = ana.Cards.Concat(ben.Cards).Concat(bot.Messenger.Sent.SelectMany(s => s.Replies).OfType<CardReply>().Select(c => c.Card.ToJson())).ToList();
        await AdaptiveCardValidator.AssertValidAsync(cards.Select((c, i) => (c, i)).ToDictionary(x => $"card {x.i}: {(string?)x.c["fallbackText"]}", x => x.c));
        output.WriteLine($"{cards.Count} cards validated.");
    }

    [Fact]
    public async Task NeedsDialog_ResumesAfterRestart_FromTheDialogsTable()
    {
        var bot = await TableBot.CreateAsync();
        var t = bot.Talk(Tenant(), "u1", "Ana");
        await t.SayAsync("needs");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["goal"] = "Makerspace ünïcödé / #1?", ["targetUsers"] = "Teens" });

        t.Engine = bot.Restart();
        await t.SayAsync("resume");
        await t.ClickAsync("Next", new Dictionary<string, string> { ["need-space"] = "A room" });
        await t.ClickAsync("Finish");

        Assert.Contains("Makerspace ünïcödé / #1?", t.Text, StringComparison.Ordinal);
        Assert.Contains("A room", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reads_PipelineHistoryAndOpenSteps_AreOnePartitionQueryEach()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var t = bot.Talk(tenant, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.ScreenAsync("City Museum", 4, 4, 4, 4, 4);
        var ws = WorkspaceKey.DefaultFor(tenant);
        var partner = (await bot.Partners.ListAsync(ws, default)).Single();

        foreach (var read in new Func<Task>[]
        {
            () => bot.Partners.ListAsync(ws, default),
            () => bot.History.GetAsync(ws, partner.Id, default),
            () => bot.NextSteps.ListOpenForAssigneeAsync(ws, "u1", default),
        })
        {
            bot.Log.Clear();
            await read();
            var request = Assert.Single(bot.Log.Requests);
            Assert.Equal("GET", request.Method);
            Assert.Contains("$filter=PartitionKey eq '", request.Uri, StringComparison.Ordinal);
            Assert.False(Filters.HasTopLevelOr(request.Uri), request.Uri);
            output.WriteLine(request.Uri);
        }
    }

    [Fact]
    public async Task ScreeningTurns_OneQueryAndOneWriteEach()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var t = bot.Talk(tenant, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.AddPartnerAsync("Youth Services", type: "LocalGovernment");
        for (var i = 0; i < 3; i++)
        {
            bot.Log.Clear();
            await t.SayAsync("screen City Museum");
            var open = bot.Log.Requests;
            output.WriteLine(string.Join("\n", open.Select(r => $"open: {r.Method} {r.Uri}")));
            Assert.Collection(open, r => Assert.Equal("GET", r.Method), r => Assert.NotEqual("GET", r.Method));

            var submit = t.BuildSubmit(i == 0 ? "Submit ratings" : "Save changes", Steps.Ratings(i + 1, 3, 3, 3, 3));
            bot.Log.Clear();
            await t.SubmitAsync(submit);
            var saved = bot.Log.Requests;
            output.WriteLine(string.Join("\n", saved.Select(r => $"submit: {r.Method} {r.Uri}")));
            Assert.Collection(saved, r => Assert.Equal("GET", r.Method), r => Assert.EndsWith("$batch", r.Uri, StringComparison.Ordinal));
        }

        var ws = WorkspaceKey.DefaultFor(tenant);
        var partner = (await bot.Partners.ListAsync(ws, default)).Single(p => p.Name == "City Museum");
        Assert.Equal((3 + 3 + 3 + 3 + 3) / 5.0, partner.ScreeningScore);
        Assert.Null(await bot.Dialogs.GetAsync(ws, "u1", default));
        await t.SayAsync("help");
        Assert.DoesNotContain("You are in", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScreeningSubmit_AfterOpeningSomethingElse_KeepsTheNewerDialog()
    {
        var bot = await TableBot.CreateAsync();
        var t = bot.Talk(Tenant(), "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("screen City Museum");
        var submit = t.BuildSubmit("Submit ratings", Steps.Ratings(4, 4, 4, 4, 4));
        await t.SayAsync("assess City Museum");

        await t.SubmitAsync(submit);
        Assert.Contains("City Museum", t.Text, StringComparison.Ordinal);

        await t.SayAsync("help");
        Assert.Contains("You are in a detailed assessment", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_WholeWorkspace_IsOnePartitionQuery_WithEveryHistory()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var ana = bot.Talk(tenant, "u1", "Ana");
        var ben = bot.Talk(tenant, "u2", "Ben");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.AddPartnerAsync("City Museum Friends", type: "Nonprofit");
        await ana.AddPartnerAsync("Youth Services", type: "LocalGovernment");
        await ana.ScreenAsync("City Museum", 5, 5, 5, 5, 5);
        await ben.ScreenAsync("City Museum", 1, 1, 1, 1, 1);
        await ana.ScreenAsync("Youth Services", 3, 3, 3, 3, 3);
        await ana.SayAsync("screen City Museum Friends");
        var ws = WorkspaceKey.DefaultFor(tenant);

        bot.Log.Clear();
        var pipeline = await new TablePipelineStore(bot.Tables).ReadAsync(ws, default);

        var request = Assert.Single(bot.Log.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(3, pipeline.Partners.Count);
        var museum = pipeline.Partners.Single(p => p.Name == "City Museum");
        Assert.Equal(2, pipeline.Histories[museum.Id].Screenings.Count);
        Assert.Equal(3.0, museum.ScreeningScore);
        Assert.Empty(pipeline.Histories[pipeline.Partners.Single(p => p.Name == "City Museum Friends").Id].Screenings);
        Assert.Single(pipeline.Histories[pipeline.Partners.Single(p => p.Name == "Youth Services").Id].Screenings);
    }

    [Fact]
    public async Task ConcurrentSubmits_SameCard_OneWinsOtherTold_NothingLost()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var t = bot.Talk(tenant, "u1", "Ana");
        await t.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await t.SayAsync("screen City Museum");
        var first = t.BuildSubmit("Submit ratings", Steps.Ratings(5, 5, 5, 5, 5));
        var second = t.BuildSubmit("Submit ratings", Steps.Ratings(1, 1, 1, 1, 1));
        var user = t.User;

        var replies = await Task.WhenAll(
            bot.Engine.OnMessageAsync(new TurnInput { User = user, Value = first }, default),
            bot.Engine.OnMessageAsync(new TurnInput { User = user, Value = second }, default));

        var told = replies.Count(r => r.Any(x => Transcript.TextOf(x).Contains("kept the newer ones", StringComparison.Ordinal)));
        Assert.Equal(1, told);
        var ws = WorkspaceKey.DefaultFor(tenant);
        var partner = (await bot.Partners.ListAsync(ws, default)).Single();
        var screening = Assert.Single((await bot.History.GetAsync(ws, partner.Id, default)).Screenings);
        Assert.Equal(screening.Ratings.Values.Average(r => r.Score), partner.ScreeningScore);
    }

    [Fact]
    public async Task ConcurrentSubmits_TwoRaters_BothSurvive()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var ana = bot.Talk(tenant, "u1", "Ana");
        var ben = bot.Talk(tenant, "u2", "Ben");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("screen City Museum");
        await ben.SayAsync("screen City Museum");
        var a = ana.BuildSubmit("Submit ratings", Steps.Ratings(5, 5, 5, 5, 5));
        var b = ben.BuildSubmit("Submit ratings", Steps.Ratings(1, 1, 1, 1, 1));

        await Task.WhenAll(
            bot.Engine.OnMessageAsync(new TurnInput { User = ana.User, Value = a }, default),
            bot.Engine.OnMessageAsync(new TurnInput { User = ben.User, Value = b }, default));

        var ws = WorkspaceKey.DefaultFor(tenant);
        var partner = (await bot.Partners.ListAsync(ws, default)).Single();
        Assert.Equal(2, (await bot.History.GetAsync(ws, partner.Id, default)).Screenings.Count);
        Assert.Equal(2, partner.ScreeningRaters);
        Assert.Equal(3.0, partner.ScreeningScore);
    }

    [Fact]
    public async Task Keys_WithForbiddenCharacters_RoundTrip()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = "t/\\#?" + Guid.NewGuid().ToString("N")[..6];
        var t = bot.Talk(tenant, "29:user/with\\odd#chars?%", "Zoë / O'Neil");

        await t.AddPartnerAsync("Musée d'Art / Science \\ #1?", type: "CulturalInstitution");
        await t.ScreenAsync("Musée", 4, 4, 4, 4, 4);
        await t.SayAsync("partners");

        Assert.Contains("Musée d'Art / Science \\ #1?", t.Text, StringComparison.Ordinal);
        var ws = WorkspaceKey.DefaultFor(tenant);
        var partner = Assert.Single(await bot.Partners.ListAsync(ws, default));
        Assert.Equal(4.0, partner.ScreeningScore);
        Assert.Equal("29:user/with\\odd#chars?%", Assert.Single((await bot.History.GetAsync(ws, partner.Id, default)).Screenings).RaterUserId);
    }

    [Fact]
    public async Task CrossTenantSubmit_Refused_NothingChanges()
    {
        var bot = await TableBot.CreateAsync();
        var tenant = Tenant();
        var ana = bot.Talk(tenant, "u1", "Ana");
        await ana.AddPartnerAsync("City Museum", type: "CulturalInstitution");
        await ana.SayAsync("partner City Museum");
        var stageChange = ana.BuildSubmit("Change stage", new Dictionary<string, string> { ["stage"] = "Ended", ["reason"] = "hijack" });
        await ana.SayAsync("screen City Museum");
        var screening = ana.BuildSubmit("Submit ratings", Steps.Ratings(1, 1, 1, 1, 1));
        var mallory = bot.Talk(Tenant(), "m1", "Mallory");

        await mallory.SubmitAsync(stageChange);
        Assert.Contains("not in your workspace", mallory.Text, StringComparison.Ordinal);
        await mallory.SubmitAsync(screening);
        Assert.Contains("not in your workspace", mallory.Text, StringComparison.Ordinal);

        var ws = WorkspaceKey.DefaultFor(tenant);
        var partner = Assert.Single(await bot.Partners.ListAsync(ws, default));
        Assert.Equal(Core.Partners.PartnerStage.Identified, partner.Stage);
        Assert.Empty((await bot.History.GetAsync(ws, partner.Id, default)).Screenings);
    }

    [Fact]
    public async Task OrdinaryTurn_ReadsNoMembership_AfterFirstContact()
    {
        var bot = await TableBot.CreateAsync();
        var t = bot.Talk(Tenant(), "u1", "Ana");
        await t.SayAsync("help");

        bot.Log.Clear();
        await t.SayAsync("help");

        Assert.DoesNotContain(bot.Log.Requests, r => r.Uri.Contains("Members", StringComparison.Ordinal) || r.Uri.Contains("Workspaces", StringComparison.Ordinal));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"help turn: {bot.Log.Requests.Count} transactions"));
    }
}
