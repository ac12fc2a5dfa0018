using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Cards;
using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.FollowThrough.Cards;

/// <summary>The periodic health check (seed 004): each side's interest, communication, progress, fit; 1 to 5 and a note.</summary>
public static class HealthCheckCard
{
    /// <summary>The longest note a health check keeps; a longer one is refused with its length, never cut.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Opens the edit card of a saved health check (carries the partner and the check's id).</summary>
    public const string EditOpenAction = "health.edit-open";

    /// <summary>Saves an edited health check (carries the partner, the check's id and the row's version).</summary>
    public const string EditAction = "health.edit";

    public static IReadOnlyList<(HealthQuestion Question, string Text)> Questions { get; } =
    [
        (HealthQuestion.PartnerInterestMet, "Is the partner's interest being met?"),
        (HealthQuestion.LibraryInterestMet, "Is the library's interest being met?"),
        (HealthQuestion.Communication, "How is communication going?"),
        (HealthQuestion.Progress, "Is the work progressing?"),
        (HealthQuestion.StrategicFit, "Does it still fit the library's strategy?"),
    ];

    public static string InputId(HealthQuestion q) => "q" + q;

    /// <param name="partnerId">The partner checked.</param>
    /// <param name="partnerName">Its name, in the title.</param>
    /// <param name="askPartner">Offer "Ask … too" (the partner's side of the check): for its contact, a manager or an admin.</param>
    public static AdaptiveCard Build(string partnerId, string partnerName, bool askPartner = true)
    {
        var card = Form($"Health check: {partnerName}", null, Buttons.Submit("Send", FollowThroughActions.SubmitHealthCheck, new JsonObject { ["partnerId"] = partnerId }));
        if (askPartner)
        {
            card.Actions.Add(Health.PartnerRoundFlow.AskButton(partnerId, partnerName));
        }

        return card;
    }

    /// <summary>
    /// The saved answers, to change: every input shows what is stored, and the save carries the row's version, so a
    /// card older than the check (or sent twice) changes nothing.
    /// </summary>
    public static AdaptiveCard EditForm(string partnerName, HealthCheck check, string version)
    {
        ArgumentNullException.ThrowIfNull(check);
        var card = Form(
            $"Edit the health check: {partnerName}",
            check,
            Buttons.Submit("Save changes", EditAction, new JsonObject { ["partnerId"] = check.PartnerId, ["check"] = check.Id, ["version"] = version }));
        card.Actions.Add(Buttons.Cancel());
        return card;
    }

    /// <summary>
    /// What a person sees after sending or editing a check: the answers as saved, and an Edit button when they may
    /// change it (the person who sent it, a manager or an admin).
    /// </summary>
    /// <param name="partnerName">The partner checked.</param>
    /// <param name="check">The check as saved.</param>
    /// <param name="headline">The first line.</param>
    /// <param name="editable">Offer Edit.</param>
    /// <param name="trend">The health trend below the answers: both sides' views and any review advice; none when empty.</param>
    /// <param name="askPartner">Offer "Ask … too" when the caller may ask the partner for their side.</param>
    public static AdaptiveCard Saved(string partnerName, HealthCheck check, string headline, bool editable, IReadOnlyList<CardElement>? trend = null, bool askPartner = false)
    {
        ArgumentNullException.ThrowIfNull(check);
        var facts = Questions.Select(q => new Fact(q.Text, check.Scores.TryGetValue(q.Question, out var s) ? s.ToString(CultureInfo.InvariantCulture) + " of 5" : "–")).ToList();
        var card = new AdaptiveCard
        {
            FallbackText = headline,
            Body =
            {
                new TextBlock(headline) { Wrap = true },
                new FactList { Facts = facts },
            },
        };
        if (check.Note is { Length: > 0 } note)
        {
            card.Body.Add(new TextBlock(note) { IsSubtle = true });
        }

        card.Body.AddRange(trend ?? []);
        if (editable)
        {
            card.Actions.Add(EditButton("Edit", check));
        }

        if (askPartner)
        {
            card.Actions.Add(Health.PartnerRoundFlow.AskButton(check.PartnerId, partnerName));
        }

        return card;
    }

    /// <summary>The button that opens the edit card of <paramref name="check"/>.</summary>
    public static SubmitAction EditButton(string title, HealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Buttons.Open(title, EditOpenAction, new JsonObject { ["partnerId"] = check.PartnerId, ["check"] = check.Id });
    }

    /// <summary>The average of the scores, as the confirmation says it (one decimal).</summary>
    public static string Average(HealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Scores.Values.DefaultIfEmpty(0).Average().ToString("0.0", CultureInfo.InvariantCulture);
    }

    private static AdaptiveCard Form(string title, HealthCheck? answers, SubmitAction save)
    {
        var scale = new List<Choice>
        {
            new("1 – poor", "1"), new("2", "2"), new("3 – fair", "3"), new("4", "4"), new("5 – very good", "5"),
        };
        var card = new AdaptiveCard
        {
            FallbackText = title,
            Body = { new TextBlock(title) { Size = TextSize.Medium, Weight = TextWeight.Bolder } },
            Actions = { save },
        };
        foreach (var (question, text) in Questions)
        {
            card.Body.Add(new ChoiceSetInput
            {
                Id = InputId(question),
                Label = text,
                Choices = scale,
                Style = ChoiceStyle.Compact,
                IsRequired = true,
                ErrorMessage = "Pick a score from 1 to 5.",
                Value = answers is not null && answers.Scores.TryGetValue(question, out var score) ? score.ToString(CultureInfo.InvariantCulture) : null,
            });
        }

        card.Body.Add(new TextInput
        {
            Id = "note",
            Label = $"Anything to add? (at most {MaxNoteLength:N0} characters)",
            IsMultiline = true,
            MaxLength = MaxNoteLength,
            ErrorMessage = $"At most {MaxNoteLength:N0} characters.",
            Value = answers?.Note,
        });
        return card;
    }
}
