using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Cards.Partners;

/// <summary>What a change to a partner can be undone to: the values it had before.</summary>
public enum UndoKind
{
    Archive,
    Stage,
}

/// <summary>
/// The cards of archiving, restoring, erasing and undoing, and the question asked before adding a partner whose name
/// is already taken.
/// </summary>
public static class LifecycleCards
{
    public const string UndoAction = "partner.undo";
    public const string EraseAction = "partner.erase";

    /// <summary>
    /// The confirmation of an archive or a stage change, with Undo. The button carries the partner's version after the
    /// change, so an undo after anyone changed it again does nothing, and the values to go back to.
    /// </summary>
    public static AdaptiveCard Changed(string text, Stored<Partner> after, UndoKind kind, PartnerStage? previousStage = null, string? previousReason = null)
    {
        var data = new JsonObject { ["partner"] = after.Value.Id, ["etag"] = after.ETag, ["undo"] = kind.ToString() };
        if (previousStage is { } stage)
        {
            data["previousStage"] = stage.ToString();
        }

        if (previousReason is not null)
        {
            data["previousReason"] = previousReason;
        }

        return new AdaptiveCard
        {
            FallbackText = text,
            Body = { new TextBlock(text) { Wrap = true } },
            Actions =
            {
                new SubmitAction { Title = "Undo", Data = Action(UndoAction, data), AssociatedInputs = "none" },
            },
        };
    }

    /// <summary>
    /// Asked when a new partner's name folds to one already there: open that one, or add anyway. "Add anyway" sends the
    /// same answers again (and the same card token, so a double click still adds one).
    /// </summary>
    public static AdaptiveCard SameName(Partner existing, string name, JsonObject submitted)
    {
        var again = submitted.DeepClone().AsObject();
        again["anyway"] = "true";
        var text = $"{existing.Name} is already a partner ({existing.Stage.InSentence()}). Open it, or add \"{name}\" anyway?";
        return new AdaptiveCard
        {
            FallbackText = text,
            Body = { new TextBlock(text) { Wrap = true } },
            Actions =
            {
                Buttons.Command("Open " + existing.Name, PartnerFlow.ShowCommand, existing.Id),
                new SubmitAction { Title = "Add anyway", Data = Action(PartnerCards.SaveAction, again), AssociatedInputs = "none" },
                Buttons.Cancel(),
            },
        };
    }

    /// <summary>Before an erase: what goes, and that it cannot be undone.</summary>
    public static AdaptiveCard ConfirmErase(Stored<Partner> partner, IReadOnlyList<string> removes) => new()
    {
        FallbackText = $"Erase {partner.Value.Name}?",
        Body =
        {
            new TextBlock($"Erase {partner.Value.Name} for good?") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
            new TextBlock("This removes " + string.Join(", ", removes) + ". Digests and exports will no longer mention it. It cannot be undone.") { Wrap = true },
        },
        Actions =
        {
            new SubmitAction
            {
                Title = "Erase " + partner.Value.Name,
                Style = ActionStyle.Destructive,
                Data = Action(EraseAction, new JsonObject { ["partner"] = partner.Value.Id, ["etag"] = partner.ETag }),
                AssociatedInputs = "none",
            },
            Buttons.Dismiss("erase"),
        },
    };

    /// <summary>The archived partners, each with Restore.</summary>
    public static AdaptiveCard Archived(IReadOnlyList<Partner> partners)
    {
        var card = new AdaptiveCard
        {
            FallbackText = "Archived partners",
            Body = { new TextBlock($"Archived partners ({partners.Count})") { Size = TextSize.Medium, Weight = TextWeight.Bolder } },
        };
        foreach (var p in partners.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).Take(PartnerCards.ListLimit))
        {
            card.Body.Add(new Container
            {
                Separator = true,
                SelectAction = Buttons.Command("Restore", PartnerArchiveFlow.RestoreCommand, p.Id),
                Items =
                {
                    new TextBlock(p.Name) { Weight = TextWeight.Bolder },
                    new TextBlock($"{p.Stage.Label()} · archived {(p.Archived is { } a ? Dates.Day(a.At, TimeZoneInfo.Utc) : "")} · select to restore") { IsSubtle = true, Spacing = Spacing.None },
                },
            });
        }

        return card;
    }

    private static JsonObject Action(string action, JsonObject data)
    {
        data["action"] = action;
        return data;
    }
}
