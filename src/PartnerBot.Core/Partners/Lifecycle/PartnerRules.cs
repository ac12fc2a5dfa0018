using System.Globalization;
using System.Text;
using System.Text.Json;
using PartnerBot.Core.FollowThrough.Delivery;
using PartnerBot.Core.Workspaces;

namespace PartnerBot.Core.Partners.Lifecycle;

/// <summary>Whether an archive, restore or erase may go ahead, and if not, why.</summary>
public enum LifecycleCheck
{
    Allowed,

    /// <summary>Staff may archive or restore only the partners they added themselves.</summary>
    NotManager,

    /// <summary>Erasing is for a partner that is a private person (type Individual); an organisation is archived.</summary>
    NotAPerson,
}

/// <summary>
/// The rules of archiving, restoring and erasing partners, and of telling a new partner from one already there. Pure
/// functions, so every flow, store and schedule applies the same ones.
/// </summary>
public static class PartnerRules
{
    /// <summary>The partners that count anywhere a partner is listed, picked, ranked, counted or covers a need: the ones not archived.</summary>
    public static IReadOnlyList<Partner> InPlay(IEnumerable<Partner> partners) => [.. partners.Where(p => !p.IsArchived)];

    /// <summary>
    /// Archive or restore: managers and admins, and the person who added the partner (so whoever added one by mistake
    /// can take it back).
    /// </summary>
    public static LifecycleCheck CanArchive(WorkspaceRole role, string userId, Partner partner) =>
        role is WorkspaceRole.Manager or WorkspaceRole.Admin || string.Equals(partner.CreatedByUserId, userId, StringComparison.Ordinal)
            ? LifecycleCheck.Allowed
            : LifecycleCheck.NotManager;

    /// <summary>Erase for good: only managers and admins, and only a private person (organisations are archived instead).</summary>
    public static LifecycleCheck CanErase(WorkspaceRole role, Partner partner) =>
        role is not (WorkspaceRole.Manager or WorkspaceRole.Admin) ? LifecycleCheck.NotManager
        : partner.Type != PartnerType.Individual ? LifecycleCheck.NotAPerson
        : LifecycleCheck.Allowed;

    /// <summary>
    /// A name as compared for duplicates: case, spaces, punctuation and accents folded, so "City Museum",
    /// "city-museum" and "Cíty  Museum." are the same.
    /// </summary>
    public static string FoldName(string name)
    {
        var folded = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The partner in play whose name folds to the same as <paramref name="name"/>, if any.</summary>
    public static Partner? SameName(IEnumerable<Partner> partners, string name)
    {
        var folded = FoldName(name);
        return folded.Length == 0 ? null : InPlay(partners).FirstOrDefault(p => FoldName(p.Name) == folded);
    }

    /// <summary>
    /// Whether an unsent message names the partner being erased: a message of its workspace whose idempotency key or
    /// content carries the partner's id or one of its next steps' ids (nudges, prompts, health checks, reviews), or
    /// whose content names it (a digest). A message naming a different partner whose name contains this one is removed
    /// too: dropping a reminder is recoverable, keeping a person's name after erasing it is not.
    /// </summary>
    public static bool Names(OutboxMessage message, WorkspaceKey workspace, string partnerId, string partnerName, IEnumerable<string> stepIds)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Workspace != workspace)
        {
            return false;
        }

        var ids = new[] { partnerId }.Concat(stepIds).Where(id => id.Length > 0);
        if (ids.Any(id => message.Key.Contains(id, StringComparison.Ordinal) || message.PayloadJson.Contains(id, StringComparison.Ordinal)))
        {
            return true;
        }

        if (partnerName.Trim().Length == 0)
        {
            return false;
        }

        // The payload is JSON: the name appears as written, or escaped the way the serializer escapes it.
        var escaped = JsonSerializer.Serialize(partnerName.Trim())[1..^1];
        return message.PayloadJson.Contains(partnerName.Trim(), StringComparison.OrdinalIgnoreCase)
            || message.PayloadJson.Contains(escaped, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>What an erase removes, in words for the confirmation card (counts only, no content).</summary>
    public static IReadOnlyList<string> WhatEraseRemoves(Stores.PartnerHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        static string Count(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);
        return
        [
            "the partner, with its notes and contact assignment",
            Count(history.Screenings.Count, "screening", "screenings"),
            Count(history.Assessments.Count, "assessment", "assessments"),
            Count(history.Interactions.Count, "logged contact", "logged contacts"),
            Count(history.HealthChecks.Count, "health check", "health checks"),
            Count(history.PartnerRounds.Count, "link sent to the partner, with its answer", "links sent to the partner, with their answers"),
            history.Formalisation is null ? "no agreement" : "its agreement",
            Count(history.NextSteps.Count, "next step", "next steps"),
            "every introduction that names it",
            "every unsent message that names it",
        ];
    }
}
