using PartnerBot.Core.Cards.Partners;
using PartnerBot.Core.Conversations;
using PartnerBot.Core.Flows;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Partners.Lifecycle;

/// <summary>
/// Archiving (hidden everywhere, restorable), restoring, erasing a partner who is a private person, and the Undo of
/// an archive or a stage change. Who may do which is <see cref="PartnerRules"/>.
/// </summary>
public sealed class PartnerArchiveFlow(FlowServices services) : IFlow
{
    public static readonly BotCommand ArchiveCommand = new("archive", "Archive a partner: hidden from lists, counts and the digest until restored, e.g. 'archive City Museum'", CommandScopes.Personal);
    public static readonly BotCommand RestoreCommand = new("restore", "Bring an archived partner back, e.g. 'restore City Museum'", CommandScopes.Personal);
    public static readonly BotCommand ArchivedCommand = new("archived", "List the archived partners", CommandScopes.All);
    public static readonly BotCommand EraseCommand = new("erase", "Erase a partner who is a private person, with everything recorded about them, e.g. 'erase Jane Doe'", CommandScopes.Personal);

    private readonly PartnerFlow partners = new(services);

    public void Register(BotRoutes routes) => routes
        .Command(ArchiveCommand, ArchiveAsync)
        .Command(RestoreCommand, RestoreAsync)
        .Command(ArchivedCommand, ArchivedAsync)
        .Command(EraseCommand, AskEraseAsync)
        .Action(LifecycleCards.UndoAction, UndoAsync)
        .Action(LifecycleCards.EraseAction, EraseAsync);

    public async Task<IReadOnlyList<BotReply>> ArchiveAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var found = await PartnerLookup.FindAsync(services, request, ArchiveCommand, cancellationToken);
        if (found.Partner is not { } partner)
        {
            return found.Replies;
        }

        if (PartnerRules.CanArchive(caller.Role, caller.User.UserId, partner.Value) != LifecycleCheck.Allowed)
        {
            return Replies.Refuse($"Only managers, admins and the person who added {partner.Value.Name} can archive it. Nothing was changed.");
        }

        var now = services.Time.GetUtcNow();
        var archived = partner.Value with { Archived = new PartnerArchive(now, caller.User.UserId), UpdatedAt = now };
        try
        {
            var saved = await services.Partners.SaveAsync(caller.Workspace, archived, partner.ETag, cancellationToken);
            return [BotReply.Show(LifecycleCards.Changed(
                $"Archived {archived.Name}. It no longer shows in lists, pickers, the ranking, need coverage or the digest. Type 'archived' to see archived partners.",
                saved, UndoKind.Archive))];
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"Someone changed {archived.Name} at the same moment, so I did not archive it. Open it again to see the latest.");
        }
    }

    public async Task<IReadOnlyList<BotReply>> RestoreAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var found = await PartnerLookup.FindArchivedAsync(services, request, RestoreCommand, cancellationToken);
        if (found.Partner is not { } partner)
        {
            return found.Replies;
        }

        if (PartnerRules.CanArchive(caller.Role, caller.User.UserId, partner.Value) != LifecycleCheck.Allowed)
        {
            return Replies.Refuse($"Only managers, admins and the person who added {partner.Value.Name} can restore it. Nothing was changed.");
        }

        var restored = partner.Value with { Archived = null, UpdatedAt = services.Time.GetUtcNow() };
        try
        {
            var saved = await services.Partners.SaveAsync(caller.Workspace, restored, partner.ETag, cancellationToken);
            return [BotReply.Say($"Restored {restored.Name}: it is back in your lists, at stage {restored.Stage.Label()}."), await partners.ViewAsync(caller, saved, cancellationToken)];
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"Someone changed {restored.Name} at the same moment, so I did not restore it. Type 'archived' to see it again.");
        }
    }

    public async Task<IReadOnlyList<BotReply>> ArchivedAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var archived = await services.Removals.ListArchivedAsync(request.Caller.Workspace, cancellationToken);
        return archived.Count == 0
            ? Replies.Say("No partner is archived.")
            : [BotReply.Show(LifecycleCards.Archived([.. archived.Select(p => p.Value)]))];
    }

    /// <summary>'erase &lt;name&gt;': checks who may, then shows what would go; nothing is removed until the card is confirmed.</summary>
    public async Task<IReadOnlyList<BotReply>> AskEraseAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var found = await PartnerLookup.FindIncludingArchivedAsync(services, request, EraseCommand, cancellationToken);
        if (found.Partner is not { } partner)
        {
            return found.Replies;
        }

        if (Refusal(caller, partner.Value) is { } refusal)
        {
            return refusal;
        }

        var history = await services.History.GetAsync(caller.Workspace, partner.Value.Id, cancellationToken);
        return [BotReply.Show(LifecycleCards.ConfirmErase(partner, PartnerRules.WhatEraseRemoves(history)))];
    }

    private async Task<IReadOnlyList<BotReply>> EraseAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAnyAsync(services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Refuse("That partner is not in your workspace (it may already be erased). Nothing was changed.");
        }

        if (Refusal(caller, partner.Value) is { } refusal)
        {
            return refusal;
        }

        var changed = Replies.Refuse($"{partner.Value.Name} changed after the confirmation was shown, so nothing was erased. Type 'erase {partner.Value.Name}' to see what would go now.");
        if (partner.ETag != (reader.Raw("etag") ?? ""))
        {
            return changed;
        }

        // The step ids first: unsent reminders and prompts name a step rather than its partner.
        var history = await services.History.GetAsync(caller.Workspace, partner.Value.Id, cancellationToken);
        var audit = new PartnerErasure
        {
            Id = FlowServices.NewId(),
            PartnerId = partner.Value.Id,
            ErasedAt = services.Time.GetUtcNow(),
            ErasedByUserId = caller.User.UserId,
        };
        try
        {
            await services.Removals.EraseAsync(caller.Workspace, partner.Value.Id, partner.ETag, audit, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return changed;
        }

        var stepIds = history.NextSteps.Select(s => s.Id).ToList();
        var workspace = caller.Workspace;
        var name = partner.Value.Name;
        var messages = await services.UnsentMessages.RemoveUnsentAsync(workspace, m => PartnerRules.Names(m, workspace, audit.PartnerId, name, stepIds), cancellationToken);
        var removed = messages == 0 ? "" : $" and {messages} unsent message{(messages == 1 ? "" : "s")}";
        return Replies.Say($"Erased: the partner, its history, its next steps, its introductions{removed} are gone. Digests and exports no longer mention it.");
    }

    /// <summary>Undo from the confirmation card of an archive or a stage change, only if nobody changed the partner since.</summary>
    private async Task<IReadOnlyList<BotReply>> UndoAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var reader = new SubmitReader(request.Value);
        var partner = await PartnerLookup.GetAnyAsync(services, caller.Workspace, reader.Raw("partner") ?? "", cancellationToken);
        if (partner is null)
        {
            return Replies.Refuse(PartnerLookup.Gone);
        }

        var kind = reader.Enum<UndoKind>("undo", "What to undo", required: true);
        var previousStage = kind == UndoKind.Stage ? reader.Enum<PartnerStage>("previousStage", "The earlier stage", required: true) : null;
        var previousReason = reader.Text("previousReason", "The earlier reason", PartnerCatalog.MaxReasonLength);
        if (!reader.IsValid || kind is null)
        {
            return Replies.Refuse(reader.ProblemText);
        }

        var p = partner.Value;
        if (partner.ETag != (reader.Raw("etag") ?? "") || (kind == UndoKind.Archive && !p.IsArchived))
        {
            var said = BotReply.Refuse($"{p.Name} was changed after that, so I did not undo anything. Nothing was changed.");
            return p.IsArchived ? [said] : [said, await partners.ViewAsync(caller, partner, cancellationToken)];
        }

        if (kind == UndoKind.Archive && PartnerRules.CanArchive(caller.Role, caller.User.UserId, p) != LifecycleCheck.Allowed)
        {
            return Replies.Refuse($"Only managers, admins and the person who added {p.Name} can restore it. Nothing was changed.");
        }

        var now = services.Time.GetUtcNow();
        var (undone, text) = kind == UndoKind.Archive
            ? (p with { Archived = null, UpdatedAt = now }, $"Undone: {p.Name} is back in your lists.")
            : (p with { Stage = previousStage!.Value, StageReason = previousReason.Length == 0 ? null : previousReason, UpdatedAt = now },
                $"Undone: {p.Name} is back at stage {previousStage!.Value.Label()}.");
        try
        {
            var saved = await services.Partners.SaveAsync(caller.Workspace, undone, partner.ETag, cancellationToken);
            return [BotReply.Say(text), await partners.ViewAsync(caller, saved, cancellationToken)];
        }
        catch (ConcurrencyConflictException)
        {
            return Replies.Refuse($"Someone changed {p.Name} at the same moment, so I did not undo anything. Open it again to see the latest.");
        }
    }

    private static IReadOnlyList<BotReply>? Refusal(Caller caller, Partner partner) => PartnerRules.CanErase(caller.Role, partner) switch
    {
        LifecycleCheck.NotManager => Replies.Refuse("Only managers and admins can erase a partner. Nothing was changed."),
        LifecycleCheck.NotAPerson => Replies.Refuse($"{partner.Name} is not a private person ({PartnerCatalog.Label(partner.Type).ToLowerInvariant()}), so there is no personal data to erase. Type 'archive {partner.Name}' to hide it instead."),
        _ => null,
    };
}
