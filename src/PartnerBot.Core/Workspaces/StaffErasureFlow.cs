using PartnerBot.Core.Cards.Workspaces;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// 'forget &lt;name&gt;': an admin erases a staff member's personal data on their request. The card names the person and
/// what will change; nothing changes until it is confirmed, and the confirmation is checked again against fresh rows.
/// The rule of what becomes of their name is <see cref="StaffErasure"/>.
/// </summary>
public sealed class StaffErasureFlow(FlowServices services) : IFlow
{
    public static readonly BotCommand ForgetCommand = new("forget", "Admins: erase a staff member's personal data on their request, e.g. 'forget Ana'", CommandScopes.Personal);

    private const string AdminsOnly = "Only a workspace admin can erase a person's data. Nothing was changed.";

    public void Register(BotRoutes routes) => routes
        .Command(ForgetCommand, AskAsync)
        .Action(ForgetCard.ConfirmAction, ConfirmAsync);

    public async Task<IReadOnlyList<BotReply>> AskAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        if (caller.Role != WorkspaceRole.Admin)
        {
            return Replies.Refuse(AdminsOnly);
        }

        var name = request.Arguments.Trim().TrimStart('@').Trim();
        if (name.Length == 0)
        {
            return Replies.Say("Say whose data to erase, e.g. 'forget Ana'. Type 'members' to see who is in this workspace.");
        }

        var all = await services.Members.ListAsync(caller.Workspace, cancellationToken);
        var matches = all.Where(m => string.Equals(m.Name, name, StringComparison.CurrentCultureIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            matches = [.. all.Where(m => m.Name.Contains(name, StringComparison.CurrentCultureIgnoreCase))];
        }

        if (matches.Count != 1)
        {
            return matches.Count == 0
                ? Replies.Refuse($"Nobody called \"{name}\" is a member of this workspace. Nothing was changed. Type 'members' to see who is.")
                : Replies.Refuse($"Several people match \"{name}\": {string.Join(", ", matches.Select(m => m.Name))}. Use the full name. Nothing was changed.");
        }

        var member = await services.Members.GetAsync(caller.Workspace, matches[0].UserId, cancellationToken);
        if (member is null)
        {
            return Replies.Refuse($"{matches[0].Name} is no longer a member of this workspace. Nothing was changed.");
        }

        if (Refusal(caller, member.Value) is { } refusal)
        {
            return refusal;
        }

        var pipeline = await services.Pipelines.ReadAsync(caller.Workspace, cancellationToken);
        return [BotReply.Show(ForgetCard.Confirm(member, Preview(pipeline, member.Value.UserId)))];
    }

    private async Task<IReadOnlyList<BotReply>> ConfirmAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        // The role as stored now, not as this instance last saw it: an erasure cannot be undone.
        if (await services.Directory.CurrentRoleAsync(caller.Workspace, caller.User.UserId, cancellationToken) != WorkspaceRole.Admin)
        {
            return Replies.Refuse(AdminsOnly);
        }

        var reader = new SubmitReader(request.Value);
        var userId = reader.Raw("member") ?? "";
        var member = userId.Length == 0 ? null : await services.Members.GetAsync(caller.Workspace, userId, cancellationToken);
        if (member is null)
        {
            return Replies.Refuse("That person is not a member of this workspace (their data may already be erased). Nothing was changed.");
        }

        if (Refusal(caller, member.Value) is { } refusal)
        {
            return refusal;
        }

        if (member.ETag != (reader.Raw("etag") ?? ""))
        {
            return Replies.Refuse($"{member.Value.Name}'s membership changed after the confirmation was shown, so nothing was erased. Type 'forget {member.Value.Name}' to see what would change now.");
        }

        if (services.StaffErasure is NoStaffErasure)
        {
            return Replies.Refuse("Erasing a person's data is not available in this installation. Nothing was changed.");
        }

        var erasure = StaffErasure.For(member.Value);
        StaffErasureResult result;
        try
        {
            result = await services.StaffErasure.EraseAsync(caller.Workspace, erasure, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"The workspace was changing at the same moment, so {member.Value.Name}'s data is only partly erased. Type 'forget {member.Value.Name}' again to finish.");
        }

        services.Directory.Forget(caller.Workspace, erasure.UserId);
        // Reminders and prompts waiting to go to them, or naming them, go too.
        var messages = await services.UnsentMessages.RemoveUnsentAsync(
            caller.Workspace, m => m.RecipientUserId == erasure.UserId || erasure.Mentions(m.PayloadJson), cancellationToken);
        var unsent = messages == 0 ? "" : $", and {messages} message{(messages == 1 ? "" : "s")} waiting to be sent";
        return Replies.Say(
            $"Erased {member.Value.Name}'s personal data: their membership, reminder settings and open questions{unsent}. " +
            $"{result.RowsRewritten} record{(result.RowsRewritten == 1 ? "" : "s")} of the workspace now say \"{StaffErasure.FormerStaffName}\" instead; what happened and when is kept. " +
            "If they use PartnerBot again they join as new staff.");
    }

    private static IReadOnlyList<BotReply>? Refusal(Caller caller, Member member) =>
        member.UserId == caller.User.UserId
            ? Replies.Refuse("You can't erase your own data here: ask another admin. Nothing was changed.")
            : member.Role == WorkspaceRole.Admin
                ? Replies.Refuse($"{member.Name} is an admin. Make them staff first ('role {member.Name} staff'), then erase their data. Nothing was changed.")
                : null;

    /// <summary>What the confirmation counts: everything in the pipeline that names the person.</summary>
    public static ForgetPreview Preview(WorkspacePipeline pipeline, string userId)
    {
        var histories = pipeline.Histories.Values.ToList();
        var steps = histories.SelectMany(h => h.NextSteps).Where(s => s.AssigneeUserId == userId || s.CreatedByUserId == userId).ToList();
        return new ForgetPreview(
            OpenSteps: steps.Count(s => s.Status == FollowThrough.NextStepStatus.Open && s.AssigneeUserId == userId),
            Steps: steps.Count,
            PartnersAsContact: pipeline.Partners.Count(p => p.Contact?.UserIds.Contains(userId, StringComparer.Ordinal) == true),
            Screenings: histories.Sum(h => h.Screenings.Count(s => s.RaterUserId == userId)),
            Assessments: histories.Sum(h => h.Assessments.Count(a => a.AssessorUserId == userId)),
            LoggedContacts: histories.Sum(h => h.Interactions.Count(i => i.UserId == userId)),
            HealthChecks: histories.Sum(h => h.HealthChecks.Count(c => c.UserId == userId || c.EditedByUserId == userId)));
    }
}
