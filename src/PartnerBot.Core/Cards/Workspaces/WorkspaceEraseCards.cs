using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Cards.Workspaces;

/// <summary>The confirmation before a workspace's data is erased.</summary>
public static class WorkspaceEraseCards
{
    public const string EraseAction = "workspace.erase";

    /// <summary>
    /// What would go, by kind, and that it cannot be undone. The Confirm button carries the workspace's version, when the
    /// card was shown and how many rows it counted, so a click after anything changed, a late click or a second click
    /// erases nothing.
    /// </summary>
    public static AdaptiveCard ConfirmErase(string workspaceName, string workspaceETag, DateTimeOffset shownAt, WorkspaceDataCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var card = new AdaptiveCard
        {
            FallbackText = $"Erase all of {workspaceName}'s data?",
            Body =
            {
                new TextBlock($"Erase all of {workspaceName}'s data?") { Size = TextSize.Medium, Weight = TextWeight.Bolder, Wrap = true },
                new TextBlock("This removes, for everyone in the workspace:") { Wrap = true },
                new FactList { Facts = [.. Lines(counts).Select(l => new Fact(l.Label, l.Count.ToString("N0", CultureInfo.InvariantCulture)))] },
                new TextBlock("It cannot be undone. I stay installed: the next person to write to me starts a new, empty workspace and becomes its admin.") { Wrap = true },
            },
            Actions =
            {
                new SubmitAction
                {
                    Title = "Confirm erase",
                    Style = ActionStyle.Destructive,
                    Data = new JsonObject
                    {
                        ["action"] = EraseAction,
                        ["etag"] = workspaceETag,
                        ["issued"] = shownAt.UtcTicks.ToString(CultureInfo.InvariantCulture),
                        ["total"] = counts.Total.ToString(CultureInfo.InvariantCulture),
                    },
                    AssociatedInputs = "none",
                },
                Buttons.Dismiss("erase"),
            },
        };
        return card;
    }

    /// <summary>The kinds of data, with their counts, in the order people think of them; every kind is shown, zero too.</summary>
    public static IReadOnlyList<(string Label, int Count)> Lines(WorkspaceDataCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return
        [
            ("Partners", counts.Partners),
            ("Needs assessments", counts.NeedsAssessments),
            ("Screenings", counts.Screenings),
            ("Detailed assessments", counts.Assessments),
            ("Logged contacts", counts.Interactions),
            ("Health checks", counts.HealthChecks),
            ("Formalisations", counts.Formalisations),
            ("Next steps", counts.NextSteps),
            ("Members", counts.Members),
            ("Settings and reminder states", counts.Settings),
            ("Messages and delivery records", counts.Messages),
            ("Open cards and erase records", counts.Other),
        ];
    }

    /// <summary>"3 partners, 1 needs assessment, …": the kinds that held anything, for the answer after an erase.</summary>
    public static string Summary(WorkspaceDataCounts counts) =>
        string.Join(", ", Lines(counts).Where(l => l.Count > 0).Select(l => $"{l.Label.ToLowerInvariant()}: {l.Count.ToString("N0", CultureInfo.InvariantCulture)}"));
}
