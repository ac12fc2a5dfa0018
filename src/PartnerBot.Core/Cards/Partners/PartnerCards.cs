using System.Globalization;
using System.Text.Json.Nodes;
using PartnerBot.Core.Assessment;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Cards.Contacts;
using PartnerBot.Core.Contacts;
using PartnerBot.Core.FollowThrough.Cards;
using PartnerBot.Core.FollowThrough.Health;
using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Partners.Lifecycle;
using PartnerBot.Core.Screening;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Cards.Partners;

/// <summary>The partner form, the partner card, and the list.</summary>
public static class PartnerCards
{
    public const string SaveAction = "partner.save";
    public const string StageAction = "partner.stage";
    public const int ListLimit = 25;

    /// <param name="existing">The partner being edited, with the ETag the save must match; null to add one.</param>
    /// <param name="suggestedName">The name typed after "add partner".</param>
    /// <param name="needs">Every need of the workspace's needs assessments, id → label.</param>
    /// <param name="token">Adding: the new partner's id, minted when the card is shown, so a second submit of it is recognised.</param>
    public static AdaptiveCard Form(Stored<Partner>? existing, string? suggestedName, IReadOnlyList<(string Id, string Label)> needs, string? token = null)
    {
        var p = existing?.Value;
        var customClusters = p?.Clusters.Where(c => !PartnerCatalog.ExampleClusters.ContainsText(c)) ?? [];
        var card = new AdaptiveCard
        {
            FallbackText = p is null ? "Add a partner" : $"Edit {p.Name}",
            Body =
            {
                new TextBlock(p is null ? "Add a candidate partner" : $"Edit {p.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextInput { Id = "name", Label = "Name", Value = p?.Name ?? suggestedName, IsRequired = true, MaxLength = PartnerCatalog.MaxNameLength, ErrorMessage = $"Give the partner a name (at most {PartnerCatalog.MaxNameLength} characters)." },
                new ChoiceSetInput
                {
                    Id = "type", Label = "Type", IsRequired = true, ErrorMessage = "Pick a type.", Style = ChoiceStyle.Compact, Value = p?.Type.ToString(),
                    Choices = Enum.GetValues<PartnerType>().Select(t => new Choice(PartnerCatalog.Label(t), t.ToString())).ToList(),
                },
                new ChoiceSetInput
                {
                    Id = "sector", Label = "Sector", Style = ChoiceStyle.Compact, Value = p?.Sector.ToString(), Placeholder = "Suggest from the type",
                    Choices = Enum.GetValues<Sector>().Select(s => new Choice(PartnerCatalog.Label(s), s.ToString())).ToList(),
                },
                new ChoiceSetInput
                {
                    Id = "clusters", Label = "Subject clusters", IsMultiSelect = true, Style = ChoiceStyle.Expanded,
                    Value = p is null ? null : PartnerCatalog.ExampleClusters.ValueOf(p.Clusters),
                    Choices = PartnerCatalog.ExampleClusters.Choices,
                },
                new TextInput { Id = "clustersOther", Label = "Other clusters (separate with commas)", Value = NullIfEmpty(string.Join(", ", customClusters)), MaxLength = 300, ErrorMessage = "At most 300 characters." },
            },
        };
        if (needs.Count > 0)
        {
            card.Body.Add(new ChoiceSetInput
            {
                Id = "needs",
                Label = "Needs it might cover",
                IsMultiSelect = true,
                Style = ChoiceStyle.Expanded,
                Value = p is null ? null : string.Join(',', p.NeedIds),
                Choices = needs.Select(n => new Choice(n.Label, n.Id)).ToList(),
            });
        }

        card.Body.Add(new ChoiceSetInput
        {
            Id = "relationship",
            Label = "Relationship",
            Style = ChoiceStyle.Compact,
            IsRequired = true,
            ErrorMessage = "Pick a relationship.",
            Value = (p?.Relationship ?? RelationshipKind.Partnership).ToString(),
            Choices = Enum.GetValues<RelationshipKind>().Select(r => new Choice(PartnerCatalog.Label(r), r.ToString())).ToList(),
        });
        card.Body.Add(new TextInput { Id = "website", Label = "Website", Value = p?.Website, Placeholder = "https://…", MaxLength = PartnerCatalog.MaxWebsiteLength, Regex = "^(https?://\\S+)?$", ErrorMessage = "Give a web address starting with http:// or https://." });
        card.Body.Add(new TextInput { Id = "notes", Label = "Notes", Value = p?.Notes, IsMultiline = true, MaxLength = PartnerCatalog.MaxNotesLength, ErrorMessage = $"At most {PartnerCatalog.MaxNotesLength} characters." });
        card.Actions.Add(Buttons.Submit(p is null ? "Add partner" : "Save", SaveAction, new JsonObject { ["partner"] = p?.Id ?? "", ["etag"] = existing?.ETag ?? "", ["token"] = p is null ? token ?? "" : "" }));
        card.Actions.Add(Buttons.Cancel());
        return card;
    }

    /// <summary>How many contacts and health checks the partner card's history lists, newest first, each with its own Edit.</summary>
    public const int RecentCount = 3;

    // The zone is the reader's: a contact logged at an instant shows on the reader's day. With a viewer, each recent
    // contact and health check they may edit gets its own Edit button.
    // With now, the partner's side tells an open round from a closed one.
    public static AdaptiveCard View(Stored<Partner> stored, PartnerHistory history, IReadOnlyDictionary<string, string> needLabels, IReadOnlyDictionary<string, string> memberNames, int? rank, TimeZoneInfo? zone = null, Conversations.Caller? viewer = null, DateTimeOffset? now = null, Core.Introductions.PartnerIntroductions? introductions = null)
    {
        var p = stored.Value;
        var summary = ScreeningScoring.Summarise(history.Screenings);
        var facts = new List<Fact>
        {
            new("Stage", p.Stage.Label() + (p.StageReason is { Length: > 0 } r ? $" ({r})" : "")),
            new("Type", PartnerCatalog.Label(p.Type)),
            new("Sector", PartnerCatalog.Label(p.Sector)),
            new("Relationship", PartnerCatalog.Label(p.Relationship)),
            new("Clusters", Dash(string.Join(", ", p.Clusters))),
            new("Covers needs", Dash(string.Join(", ", p.NeedIds.Select(id => needLabels.TryGetValue(id, out var l) ? l : "(removed need)")))),
            new("Screening", summary.Score is { } s ? $"{Num(s)} of 5 from {summary.Raters} rater{(summary.Raters == 1 ? "" : "s")}" + (summary.HasDisagreement ? " · raters disagree" : "") : "not screened"),
            new("Assessment", p.AssessmentScore is { } a ? $"{Num(a)} of 5 · {p.Recommendation}" : "not assessed"),
            new("Rank", rank is { } rk ? $"#{rk}" : "–"),
            new("Contact", p.Contact is null ? "none yet" : string.Join(", ", p.Contact.UserIds.Select(id => memberNames.TryGetValue(id, out var n) ? n : id))),
        };
        if (p.Website is { Length: > 0 } website)
        {
            facts.Add(new Fact("Website", website));
        }

        var open = history.NextSteps.Where(s => s.Status == FollowThrough.NextStepStatus.Open).OrderBy(s => s.DueDate).ToList();
        var card = new AdaptiveCard
        {
            FallbackText = $"Partner: {p.Name}",
            Body =
            {
                new TextBlock(p.Name) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new FactList { Facts = facts },
            },
        };
        if (p.Notes is { Length: > 0 } notes)
        {
            card.Body.Add(new TextBlock(notes) { IsSubtle = true });
        }

        if (open.Count > 0)
        {
            card.Body.Add(new TextBlock("Next steps") { Weight = TextWeight.Bolder, Separator = true });
            card.Body.Add(new FactList { Facts = open.Select(s => new Fact(Dates.Day(s.DueDate), s.Description)).ToList() });
        }

        var recent = history.Interactions.OrderByDescending(i => i.OccurredAt).Take(RecentCount).ToList();
        if (recent.Count > 0)
        {
            card.Body.Add(new TextBlock("Recent contact") { Weight = TextWeight.Bolder, Separator = true });
            foreach (var i in recent)
            {
                var fact = new Fact(Dates.Day(i.OccurredAt, zone ?? TimeZoneInfo.Utc), i.Summary);
                var edit = viewer is not null && ContactLog.MayEdit(viewer, i)
                    ? Buttons.Open("Edit", LogContactCard.EditOpenAction, new JsonObject { ["partner"] = p.Id, ["interaction"] = i.Id })
                    : null;
                card.Body.Add(WithEdit(fact, edit));
            }
        }

        var checks = history.HealthChecks.OrderByDescending(h => h.SubmittedAt).Take(RecentCount).ToList();
        if (checks.Count > 0)
        {
            card.Body.Add(new TextBlock("Recent health checks") { Weight = TextWeight.Bolder, Separator = true });
            foreach (var h in checks)
            {
                var by = memberNames.TryGetValue(h.UserId, out var name) ? $" · {name}" : "";
                var fact = new Fact(Dates.Day(h.SubmittedAt, zone ?? TimeZoneInfo.Utc), $"average {HealthCheckCard.Average(h)} of 5{by}{(h.EditedAt is null ? "" : " · edited")}");
                card.Body.Add(WithEdit(fact, viewer is not null && HealthCheckFlow.MayEdit(viewer, h) ? HealthCheckCard.EditButton("Edit", h) : null));
            }
        }

        // The partner's own side of the health check beside the library's, and the review advice it feeds.
        card.Body.AddRange(PartnerRoundCard.Trend(p.Id, history, now, zone ?? TimeZoneInfo.Utc));

        // The partner's introductions to other community actors, on both partners' cards.
        if (introductions is not null)
        {
            card.Body.AddRange(Introductions.IntroductionCards.PartnerBlock(p, introductions, viewer));
        }

        if (history.Formalisation?.Value is { } agreement)
        {
            card.Body.Add(new TextBlock("Agreement") { Weight = TextWeight.Bolder, Separator = true });
            card.Body.Add(new FactList { Facts = AgreementFacts(agreement) });
        }

        if (p.Archived is { } archived)
        {
            // Archived: hidden everywhere else; the one thing to do here is bring it back.
            card.Body.Insert(1, new TextBlock($"Archived on {Dates.Day(archived.At, zone ?? TimeZoneInfo.Utc)}: hidden from lists, the ranking, coverage and the digest.") { IsSubtle = true });
            card.Actions.Add(Buttons.Command("Restore", PartnerArchiveFlow.RestoreCommand, p.Id));
            return card;
        }

        // An agreed partnership is kept up, not evaluated: logging contact comes first, screening and assessment are done.
        if (p.Stage is PartnerStage.Formalised or PartnerStage.Active or PartnerStage.UnderReview)
        {
            card.Actions.Add(Buttons.Command("Log contact", LogContactFlow.LogCommand, p.Id));
            card.Actions.Add(Buttons.Command("Next step", ContactFlow.ContactCommand, p.Id));
            if (p.Stage is PartnerStage.Active or PartnerStage.UnderReview)
            {
                card.Actions.Add(Buttons.Command("Health check", HealthCheckFlow.HealthCommand, p.Id));
            }

            if (p.Stage is PartnerStage.UnderReview)
            {
                card.Actions.Add(new ShowCardAction { Title = "Decide", Card = Review(stored) });
            }
        }
        else
        {
            card.Actions.Add(Buttons.Command("Screen", ScreeningFlow.ScreenCommand, p.Id));
            card.Actions.Add(Buttons.Command("Assess", AssessmentFlow.AssessCommand, p.Id));
            card.Actions.Add(Buttons.Command("Contact", ContactFlow.ContactCommand, p.Id));
        }

        card.Actions.Add(new ShowCardAction { Title = "More", Card = More(stored) });
        return card;
    }

    /// <summary>One line of the history: the fact, and beside it its Edit button when there is one.</summary>
    private static CardElement WithEdit(Fact fact, CardAction? edit) => edit is null
        ? new FactList { Facts = { fact } }
        : new ColumnSet
        {
            Columns =
            {
                new Column { Items = { new FactList { Facts = { fact } } } },
                new Column { Width = "auto", Items = { new ActionSet { Actions = { edit } } } },
            },
        };

    public static AdaptiveCard List(IReadOnlyList<Partner> partners, string? search, string? title = null)
    {
        var ranked = Ranking.Rank(partners).ToDictionary(r => r.Partner.Id, r => r.Rank, StringComparer.Ordinal);
        var card = new AdaptiveCard
        {
            FallbackText = "Partners",
            Body = { new TextBlock(title ?? (search is null ? $"Partners ({partners.Count})" : $"Partners matching \"{search}\" ({partners.Count})")) { Size = TextSize.Medium, Weight = TextWeight.Bolder } },
        };
        foreach (var p in partners.OrderBy(p => p.Stage).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).Take(ListLimit))
        {
            var score = Ranking.PriorityScore(p) is { } s ? $" · {Num(s)}" : "";
            var rank = ranked.TryGetValue(p.Id, out var r) ? $" · #{r}" : "";
            card.Body.Add(new Container
            {
                Separator = true,
                SelectAction = Buttons.Command("Open", PartnerFlow.ShowCommand, p.Id),
                Items =
                {
                    new TextBlock(p.Name) { Weight = TextWeight.Bolder },
                    new TextBlock($"{p.Stage.Label()} · {PartnerCatalog.Label(p.Sector)}{score}{rank}") { IsSubtle = true, Spacing = Spacing.None },
                },
            });
        }

        if (partners.Count > ListLimit)
        {
            card.Body.Add(new TextBlock($"…and {partners.Count - ListLimit} more. Type 'partners <word>' to search.") { IsSubtle = true });
        }

        card.Actions.Add(Buttons.Command("Add a partner", PartnerFlow.AddCommand));
        card.Actions.Add(Buttons.Command("Ranking", PartnerFlow.RankingCommand));
        return card;
    }

    /// <summary>The stage picker; moving to Ended needs a reason.</summary>
    public static AdaptiveCard StageForm(Stored<Partner> stored) => new()
    {
        FallbackText = "Change stage",
        Body =
        {
            new ChoiceSetInput
            {
                Id = "stage", Label = "New stage", IsRequired = true, ErrorMessage = "Pick a stage.", Style = ChoiceStyle.Compact, Value = stored.Value.Stage.ToString(),
                Choices = Enum.GetValues<PartnerStage>().Select(s => new Choice(s.Label(), s.ToString())).ToList(),
            },
            new TextInput { Id = "reason", Label = "Reason (required when ending)", IsMultiline = true, MaxLength = PartnerCatalog.MaxReasonLength, ErrorMessage = $"At most {PartnerCatalog.MaxReasonLength} characters." },
        },
        Actions = { Buttons.Submit("Change stage", StageAction, new JsonObject { ["partner"] = stored.Value.Id, ["etag"] = stored.ETag }) },
    };

    /// <summary>What was agreed (seed 003): roles, resources, how often the partners talk, and the dates.</summary>
    private static List<Fact> AgreementFacts(Formalisation f)
    {
        var facts = new List<Fact>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                facts.Add(new Fact(label, value));
            }
        }

        Add("Library's role", f.LibraryRole);
        Add("Partner's role", f.PartnerRole);
        Add("Resources", string.Join("; ", new[] { f.Personnel, f.Equipment, f.Facilities, f.Technology }.Where(r => !string.IsNullOrWhiteSpace(r))));
        Add("Talk", f.Cadence.InWords());
        Add("Starts", f.StartDate is { } startDate ? Dates.Day(startDate) : null);
        Add("Review", f.ReviewDate is { } reviewDate ? Dates.Day(reviewDate) : null);
        Add("Renewal", f.RenewalDate is { } renewalDate ? Dates.Day(renewalDate) : null);
        return facts;
    }

    /// <summary>
    /// A partnership under review is decided (seed 004): keep going, renegotiate the agreement, or end it with a reason;
    /// each is a stage change with its reason kept, through the same submit as 'Change stage'.
    /// </summary>
    private static AdaptiveCard Review(Stored<Partner> stored)
    {
        JsonObject To(PartnerStage stage) => new() { ["partner"] = stored.Value.Id, ["etag"] = stored.ETag, ["stage"] = stage.ToString() };
        return new AdaptiveCard
        {
            Body =
            {
                new TextBlock("Decide how this partnership goes on"),
                new TextInput { Id = "reason", Label = "Why (required to end it)", IsMultiline = true, MaxLength = PartnerCatalog.MaxReasonLength, ErrorMessage = $"At most {PartnerCatalog.MaxReasonLength} characters." },
            },
            Actions =
            {
                Buttons.Submit("Keep going", StageAction, To(PartnerStage.Active)),
                Buttons.Submit("Renegotiate", StageAction, To(PartnerStage.InTalks)),
                Buttons.Submit("End it", StageAction, To(PartnerStage.Ended)),
            },
        };
    }

    private static AdaptiveCard More(Stored<Partner> stored)
    {
        var more = MoreActions(stored);
        if (stored.Value.Type == PartnerType.Individual)
        {
            // A private person's data can be erased, not only hidden.
            more.Actions.Add(Buttons.Command("Erase", PartnerArchiveFlow.EraseCommand, stored.Value.Id));
        }

        return more;
    }

    private static AdaptiveCard MoreActions(Stored<Partner> stored) => new()
    {
        Body = { new TextBlock("More about this partner") { IsSubtle = true } },
        Actions =
        {
            Buttons.Command("Edit", PartnerFlow.AddCommand, stored.Value.Id),
            Buttons.Command("Log contact", LogContactFlow.LogCommand, stored.Value.Id),
            Buttons.Command("Formalise", FormaliseFlow.FormaliseCommand, stored.Value.Id),
            Buttons.Command("Change stage", PartnerFlow.StageCommand, stored.Value.Id),
            Buttons.Command("Archive", PartnerArchiveFlow.ArchiveCommand, stored.Value.Id),
        },
    };

    public static IReadOnlyList<(string Id, string Label)> NeedChoices(IEnumerable<NeedsAssessment> assessments) =>
        assessments.OrderByDescending(a => a.UpdatedAt)
            // What tells needs apart comes first: a narrow pane cuts the end of a choice, and every need of one goal shares it.
            .SelectMany(a => a.Needs.Select(n => (n.Id, $"{NeedsCardsLabel(n)}: {Shorten(n.Description, 40)} ({Shorten(a.Goal, 30)})")))
            .ToList();

    public static string Num(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string NeedsCardsLabel(Need need) => Needs.NeedsCards.NeedLabel(need);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Dash(string value) => value.Length == 0 ? "–" : value;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
