using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Propositions;

/// <summary>
/// "draft &lt;partner&gt;": a proposition draft grounded only in this workspace's data. A channel turn must
/// answer within 15 seconds; when a draft takes longer than <see cref="FollowUpAfter"/> and a proactive
/// messenger is available, the person gets "working on it" now and the draft as a follow-up message.
/// </summary>
public sealed class DraftCommandHandler(
    IPartnerStore partners,
    INeedsAssessmentStore needsAssessments,
    IPartnerHistoryStore histories,
    IWorkspaceStore workspaces,
    IPropositionDrafter drafter,
    TimeProvider time,
    IProactiveMessenger? messenger = null) : IFlow, ICommandHandler
{
    public static readonly BotCommand DraftCommand = new("draft", "Draft a partnership proposition to a partner, for you to copy and edit", CommandScopes.Personal);

    public void Register(BotRoutes routes) => routes.Command(this);

    public static readonly TimeSpan FollowUpAfter = TimeSpan.FromSeconds(5);

    public BotCommand Command => DraftCommandHandler.DraftCommand;

    public async Task<IReadOnlyList<BotReply>> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var workspace = request.Caller.Workspace;
        var all = await partners.ListAsync(workspace, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(request.Arguments) && !request.Entities.ContainsKey("partner"))
        {
            return [BotReply.Say("Which partner is the proposition for? Type 'draft' and the partner's name, for example: draft Science Museum.")];
        }

        var found = PartnerLookup.Find(all, request, Command);
        if (found.Partner is not { } partner)
        {
            return found.Replies;
        }

        var assessments = await needsAssessments.ListAsync(workspace, cancellationToken).ConfigureAwait(false);
        var history = await histories.GetAsync(workspace, partner.Id, cancellationToken).ConfigureAwait(false);
        var stored = await workspaces.GetAsync(workspace, cancellationToken).ConfigureAwait(false);
        var context = new PropositionContext
        {
            LibraryName = stored?.Value.LibraryName ?? "our library",
            SenderName = request.Caller.User.Name,
            Partner = partner,
            NeedsAssessments = assessments,
            Offers = assessments.SelectMany(a => a.Offers).ToList(),
            Screenings = history.Screenings,
            Assessments = history.Assessments,
        };

        if (messenger is null)
        {
            // Without a follow-up channel the drafter's own time limit (model timeout, then the template) keeps the turn in time.
            var draft = await drafter.DraftAsync(context, cancellationToken).ConfigureAwait(false);
            return [Card(context, draft)];
        }

        // The draft outlives this turn when it is slow, so it must not be cancelled with the turn.
        var drafting = drafter.DraftAsync(context, CancellationToken.None);
        var first = await Task.WhenAny(drafting, Task.Delay(FollowUpAfter, time, cancellationToken)).ConfigureAwait(false);
        if (first == drafting)
        {
            return [Card(context, await drafting.ConfigureAwait(false))];
        }

        var key = $"draft|{partner.Id}|{time.GetUtcNow().ToUnixTimeMilliseconds()}";
        _ = drafting.ContinueWith(
            done => messenger.SendAsync(workspace, request.Caller.User.UserId, [Card(context, done.Result)], key, CancellationToken.None),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion,
            TaskScheduler.Default).Unwrap();
        return [BotReply.Say($"I am writing the draft for {partner.Name}; it will arrive here in a moment.")];
    }

    private static BotReply Card(PropositionContext context, Draft draft) =>
        BotReply.Show(DraftCard.Build(context.Partner.Name, draft, context.StaffNotes()));
}
