using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Dialogs;
using PartnerBot.Core.Tests.Support;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Tests.Conversations;

public class EngineTests
{
    private static ConversationEngine Engine(IEnumerable<ICommandHandler> commands, IEnumerable<ICardActionHandler> actions) =>
        Engine(new Feature(routes =>
        {
            foreach (var command in commands)
            {
                routes.Command(command);
            }

            foreach (var action in actions)
            {
                routes.Actions(action);
            }
        }));

    private static ConversationEngine Engine(params IFlow[] features)
    {
        var stores = new InMemoryStores();
        return new ConversationEngine(features, [], new WorkspaceDirectory(stores, stores, stores, new FakeRoster(), ConfiguredAdmins.None, TimeProvider.System), stores, stores);
    }

    private sealed class Feature(Action<BotRoutes> register) : IFlow
    {
        public void Register(BotRoutes routes) => register(routes);
    }

    private static CommandHandler Handler(string name, string answer) =>
        new(new BotCommand(name, "test", CommandScopes.All), (_, _) => Task.FromResult(Replies.Say(answer)));

    [Fact]
    public void Register_DuplicateCommand_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Engine([Handler("digest", "a"), Handler("Digest", "b")], []));
        Assert.Contains("digest", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Register_BuiltInCommand_Throws() =>
        Assert.Throws<InvalidOperationException>(() => Engine([Handler("help", "a")], []));

    [Fact]
    public void Register_DuplicateAction_Throws()
    {
        var bot = new TestBot();
        var features = Flows.PartnershipFlows.All(bot.Services);
        var error = Assert.Throws<InvalidOperationException>(() => Engine([.. features, new Feature(routes => routes.Action(PartnerBot.Core.Cards.Needs.NeedsCards.SubmitAction, (_, _) => Task.FromResult(Replies.Say("x"))))]));
        Assert.Contains(PartnerBot.Core.Cards.Needs.NeedsCards.SubmitAction, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_PartnerCardKindTwice_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Engine(new Feature(r => r.PartnerCard(new FakeCardFlow("visit")).PartnerCard(new FakeCardFlow("visit")))));
        Assert.Contains("'visit'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneCardFlow_NewKind_DescribesAndResumesItself()
    {
        var bot = new TestBot(extra: new Feature(r => r.PartnerCard(new FakeCardFlow("visit"))));
        var t = bot.Talk("t-kind", "u1", "Ana");
        await t.AddPartnerAsync("City Museum");
        var partner = (await ((Stores.IPartnerStore)bot.Stores).ListAsync(WorkspaceKey.DefaultFor("t-kind"), default)).Single();
        await ((Stores.IDialogStateStore)bot.Stores).SaveAsync(WorkspaceKey.DefaultFor("t-kind"), "u1", new PartnerCardDialog { Card = "visit", PartnerId = partner.Id, StartedAt = bot.Time.GetUtcNow() }, null, default);

        await t.SayAsync("help");
        Assert.Contains("You are in planning a visit. The visit card asks when.", t.Text, StringComparison.Ordinal);
        await t.SayAsync("resume");
        Assert.Contains("Visit City Museum", t.Text, StringComparison.Ordinal);
        await t.SayAsync("cancel");
        Assert.Contains("Cancelled planning a visit. No visit was saved.", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenCardOfAKindNoLongerDeclared_IsDroppedWithAPlainAnswer()
    {
        var bot = new TestBot();
        var t = bot.Talk("t-gone", "u1", "Ana");
        await t.AddPartnerAsync("City Museum");
        var key = WorkspaceKey.DefaultFor("t-gone");
        var partner = (await ((Stores.IPartnerStore)bot.Stores).ListAsync(key, default)).Single();
        await ((Stores.IDialogStateStore)bot.Stores).SaveAsync(key, "u1", new PartnerCardDialog { Card = "retired-kind", PartnerId = partner.Id, StartedAt = bot.Time.GetUtcNow() }, null, default);

        await t.SayAsync("resume");

        Assert.Contains("from an older version of me", t.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("formalis", t.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Null(await ((Stores.IDialogStateStore)bot.Stores).GetAsync(key, "u1", default));
    }

    private sealed class FakeCardFlow(string kind) : IPartnerCardFlow
    {
        public string Kind => kind;

        public string Describe => "planning a visit";

        public string Help => "The visit card asks when.";

        public string AfterCancel => "No visit was saved.";

        public Task<AdaptiveCard> FormAsync(Caller caller, Stores.Stored<Partners.Partner> partner, CancellationToken cancellationToken) =>
            Task.FromResult(new AdaptiveCard { FallbackText = "Visit " + partner.Value.Name, Body = { new TextBlock("Visit " + partner.Value.Name) } });
    }

    [Fact]
    public async Task Help_ListsEveryRegisteredCommand_IncludingOthersHandlers()
    {
        var engine = Engine([Handler("digest", "the digest")], []);
        var t = new Transcript(engine, new UserRef("t-help", "u1", "Ana"));

        await t.SayAsync("help");

        Assert.Contains("digest", t.Text, StringComparison.Ordinal);
        Assert.Contains("cancel", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_MatchesCaseInsensitively_AndLongestFirst()
    {
        var engine = Engine([Handler("partner", "one"), Handler("partners", "many"), Handler("add partner", "add")], []);
        var t = new Transcript(engine, new UserRef("t-match", "u1", "Ana"));

        Assert.Equal("many", Transcript.TextOf((await t.SayAsync("PARTNERS museum"))[0]));
        Assert.Equal("one", Transcript.TextOf((await t.SayAsync("partner City / Museum #1?"))[0]));
        Assert.Equal("add", Transcript.TextOf((await t.SayAsync("Add  Partner x"))[0]));
    }

    [Fact]
    public async Task UnknownText_WithoutRecognizer_SaysDidNotUnderstand()
    {
        var t = new TestBot().Talk("t-unknown", "u1", "Ana");

        await t.SayAsync("blorp the museum");

        Assert.Contains("did not understand", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recognizer_PartnerOfAnotherWorkspace_IsDropped()
    {
        var recognizer = new FixedRecognizer();
        var bot = new TestBot(recognizer);
        var other = bot.Talk("t-other", "x1", "Xavier");
        await other.AddPartnerAsync("Other Library Museum");
        var foreignId = (await ((Stores.IPartnerStore)bot.Stores).ListAsync(WorkspaceKey.DefaultFor("t-other"), default)).Single().Id;
        var t = bot.Talk("t-rec", "u1", "Ana");
        await t.AddPartnerAsync("City Museum");
        recognizer.Intent = new Intent("partner", new Dictionary<string, string> { ["partner"] = foreignId }, 0.9);

        await t.SayAsync("show me the museum plz");

        Assert.DoesNotContain("Other Library Museum", t.Text, StringComparison.Ordinal);
        Assert.Contains("Which partner", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recognizer_UnknownCommand_FallsBackToHelp()
    {
        var recognizer = new FixedRecognizer { Intent = new Intent("delete everything", new Dictionary<string, string>(), 0.99) };
        var t = new TestBot(recognizer).Talk("t-rec2", "u1", "Ana");

        await t.SayAsync("please wipe it all");

        Assert.Contains("did not understand", t.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstPerson_BecomesAdmin_NextOneStaff()
    {
        var bot = new TestBot();
        await bot.Talk("t-roles", "u1", "Ana").SayAsync("help");
        await bot.Talk("t-roles", "u2", "Ben").SayAsync("help");

        var members = await ((Stores.IMemberStore)bot.Stores).ListAsync(WorkspaceKey.DefaultFor("t-roles"), default);
        Assert.Equal(WorkspaceRole.Admin, members.Single(m => m.UserId == "u1").Role);
        Assert.Equal(WorkspaceRole.Staff, members.Single(m => m.UserId == "u2").Role);
    }

    [Fact]
    public async Task Role_AdminNamesManager_StaffCannot()
    {
        var bot = new TestBot();
        var ana = bot.Talk("t-role2", "u1", "Ana");
        var ben = bot.Talk("t-role2", "u2", "Ben Ó'Brien");
        await ana.SayAsync("help");
        await ben.SayAsync("help");

        await ben.SayAsync("role Ana staff");
        Assert.Contains("Only a workspace admin", ben.Text, StringComparison.Ordinal);

        await ana.SayAsync("role @Ben Ó'Brien manager");
        Assert.Contains("is now a manager", ana.Text, StringComparison.Ordinal);
        var member = await ((Stores.IMemberStore)bot.Stores).GetAsync(WorkspaceKey.DefaultFor("t-role2"), "u2", default);
        Assert.Equal(WorkspaceRole.Manager, member!.Value.Role);
    }

    private sealed class FixedRecognizer : IIntentRecognizer
    {
        public Intent Intent { get; set; } = Intent.None;

        public Task<Intent> RecognizeAsync(string text, IReadOnlyList<BotCommand> commands, IReadOnlyDictionary<string, string> partnerNames, CancellationToken cancellationToken) =>
            Task.FromResult(Intent);
    }
}
