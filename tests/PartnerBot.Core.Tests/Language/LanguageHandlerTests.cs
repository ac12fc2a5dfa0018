using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Ideas;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Propositions;
using PartnerBot.Core.Stores;
using PartnerBot.Core.Workspaces;
using static PartnerBot.Core.Tests.Language.LanguageTestData;

namespace PartnerBot.Core.Tests.Language;

public class LanguageHandlerTests
{
    private static readonly WorkspaceKey Roskilde = new("tenant-a", "default");
    private static readonly WorkspaceKey Other = new("tenant-b", "default");

    private static FakeStores Stores()
    {
        var stores = new FakeStores();
        stores.Add(Roskilde, "Roskilde Libraries");
        stores.Add(Roskilde, Partner("p1", "Science Museum", needIds: "n1"));
        stores.Add(Roskilde, Partner("p2", "Green Roots Association", PartnerType.Nonprofit, Sector.Civic));
        stores.Add(Roskilde, NeedsAssessmentFor("Digital skills for seniors", [Need("n1", NeedKind.Technology, "Robotics kits", NeedPriority.High), Need("n2", NeedKind.Space, "A room for weekend workshops")], "rooms"));
        stores.Add(Roskilde, "p1", new PartnerHistory { Screenings = [ScreeningWith("p1", "Runs great family workshops")] });
        stores.Add(Other, "Other Library");
        stores.Add(Other, Partner("p1", "Science Museum"));
        stores.Add(Other, NeedsAssessmentFor("Secret goal of another library", [Need("n9", NeedKind.Financial, "Secret budget gap")], "secret offer"));
        return stores;
    }

    private static DraftCommandHandler Draft(FakeStores stores, IPropositionDrafter? drafter = null, IProactiveMessenger? messenger = null, TimeProvider? time = null) =>
        new(stores, stores, stores, stores, drafter ?? new TemplatePropositionDrafter(), time ?? TimeProvider.System, messenger);

    private static string CardText(BotReply reply) => ((CardReply)reply).Card.ToJson().ToJsonString();

    [Theory]
    [InlineData("science museum")]
    [InlineData("SCIENCE musuem")]
    [InlineData("sciense musuem")]
    [InlineData("the Science Museum")]
    public async Task Draft_ByTypedName_ShowsDraftCardFromThisWorkspaceOnly(string arguments)
    {
        var replies = await Draft(Stores()).HandleAsync(Request(Roskilde, arguments), CancellationToken.None);

        var json = CardText(Assert.Single(replies));
        Assert.Contains("Draft proposition for Science Museum", json, StringComparison.Ordinal);
        Assert.Contains("Robotics kits", json, StringComparison.Ordinal);
        Assert.Contains("Roskilde Libraries", json, StringComparison.Ordinal);
        Assert.Contains("never sends it", json, StringComparison.Ordinal);
        Assert.Contains("Runs great family workshops", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", json, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_ByRecognizedPartnerId_UsesIt()
    {
        var entities = new Dictionary<string, string> { ["partner"] = "p2" };

        var replies = await Draft(Stores()).HandleAsync(Request(Roskilde, "", entities), CancellationToken.None);

        Assert.Contains("Draft proposition for Green Roots Association", CardText(Assert.Single(replies)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null, "Which partner")]
    [InlineData("Natural History Museum", null, "found no partner called \"Natural History Museum\"")]
    [InlineData("", "p999", "not in your workspace")]
    public async Task Draft_UnknownOrMissingPartner_AsksPlainly(string arguments, string? partnerId, string expected)
    {
        var entities = partnerId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["partner"] = partnerId };

        var replies = await Draft(Stores()).HandleAsync(Request(Roskilde, arguments, entities), CancellationToken.None);

        var text = Assert.IsType<TextReply>(Assert.Single(replies)).Text;
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_Slow_SaysWorkingOnItThenDeliversTheDraftAsAFollowUp()
    {
        var slow = new SlowDrafter();
        var messenger = new RecordingMessenger();
        var handler = Draft(Stores(), slow, messenger, new ImmediateDelayTime());

        var replies = await handler.HandleAsync(Request(Roskilde, "science museum"), CancellationToken.None);

        Assert.Contains("writing the draft", Assert.IsType<TextReply>(Assert.Single(replies)).Text, StringComparison.Ordinal);
        Assert.Empty(messenger.Sent);
        slow.Finish();
        var sent = await messenger.FirstSend.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Roskilde, sent.Workspace);
        Assert.Equal("u1", sent.UserId);
        Assert.Contains("Draft proposition for Science Museum", CardText(Assert.Single(sent.Replies)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_Fast_WithMessenger_AnswersInTheTurn()
    {
        var messenger = new RecordingMessenger();

        var replies = await Draft(Stores(), messenger: messenger).HandleAsync(Request(Roskilde, "science museum"), CancellationToken.None);

        Assert.IsType<CardReply>(Assert.Single(replies));
        Assert.Empty(messenger.Sent);
    }

    [Fact]
    public async Task Ideas_ListsOnlyUncoveredNeeds()
    {
        var handler = new IdeasCommandHandler(Stores(), Stores(), new RuleBasedPartnerIdeas());

        var replies = await handler.HandleAsync(Request(Roskilde, ""), CancellationToken.None);

        var json = CardText(Assert.Single(replies));
        Assert.Contains("A room for weekend workshops", json, StringComparison.Ordinal);
        Assert.Contains("Your local government", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Robotics kits", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ideas_NoNeeds_PointsToTheNeedsCommand()
    {
        var stores = new FakeStores();
        var handler = new IdeasCommandHandler(stores, stores, new RuleBasedPartnerIdeas());

        var replies = await handler.HandleAsync(Request(new WorkspaceKey("tenant-c", "default"), ""), CancellationToken.None);

        Assert.Contains("'needs'", Assert.IsType<TextReply>(Assert.Single(replies)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ideas_EveryNeedCovered_SaysSoAndKeepsLooking()
    {
        var stores = Stores();
        stores.Add(Roskilde, Partner("p3", "City Council", PartnerType.LocalGovernment, Sector.Public, "n2"));
        var handler = new IdeasCommandHandler(stores, stores, new RuleBasedPartnerIdeas());

        var replies = await handler.HandleAsync(Request(Roskilde, ""), CancellationToken.None);

        Assert.Contains("Every need has at least one candidate", Assert.IsType<TextReply>(Assert.Single(replies)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ideas_EndedPartnerNoLongerCoversItsNeed()
    {
        var stores = Stores();
        stores.Add(Roskilde, Partner("p3", "City Council", PartnerType.LocalGovernment, Sector.Public, "n2") with { Stage = PartnerStage.Ended });
        var handler = new IdeasCommandHandler(stores, stores, new RuleBasedPartnerIdeas());

        var replies = await handler.HandleAsync(Request(Roskilde, ""), CancellationToken.None);

        Assert.Contains("A room for weekend workshops", CardText(Assert.Single(replies)), StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_AreInTheCatalog()
    {
        Assert.Contains(DraftCommandHandler.DraftCommand, BotCommands.Menu);
        Assert.Contains(IdeasCommandHandler.IdeasCommand, BotCommands.Menu);
        Assert.All(BotCommands.Menu, c => Assert.InRange(c.Description.Length, 1, 128));
    }

    [Fact]
    public void DraftCard_KeepsTheDraftEditableAndBounded()
    {
        var card = DraftCard.Build("X", new Draft(new string('a', DraftCard.MaxDraftLength + 50), FromModel: true), []);

        var input = card.Body.OfType<TextInput>().Single();
        Assert.Equal("draftText", input.Id);
        Assert.True(input.IsMultiline);
        Assert.Equal(DraftCard.MaxDraftLength, input.Value!.Length);
        Assert.Contains(card.Body.OfType<TextBlock>(), t => t.Text.Source.Contains("language model", StringComparison.Ordinal));
    }

    private sealed class SlowDrafter : IPropositionDrafter
    {
        private readonly TaskCompletionSource gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish() => gate.SetResult();

        public async Task<Draft> DraftAsync(PropositionContext context, CancellationToken cancellationToken)
        {
            await gate.Task.WaitAsync(cancellationToken);
            return new Draft(TemplatePropositionDrafter.Write(context), FromModel: true);
        }
    }

    /// <summary>Every timer fires at once, so "longer than five seconds" happens without waiting five seconds.</summary>
    private sealed class ImmediateDelayTime : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private sealed record Sent(WorkspaceKey Workspace, string UserId, IReadOnlyList<BotReply> Replies, string Key);

    private sealed class RecordingMessenger : IProactiveMessenger
    {
        public List<Sent> Sent { get; } = [];

        public TaskCompletionSource<Sent> FirstSend { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SendAsync(WorkspaceKey workspace, string userId, IReadOnlyList<BotReply> replies, string idempotencyKey, CancellationToken cancellationToken)
        {
            var sent = new Sent(workspace, userId, replies, idempotencyKey);
            lock (Sent)
            {
                Sent.Add(sent);
            }

            FirstSend.TrySetResult(sent);
            return Task.CompletedTask;
        }
    }
}
