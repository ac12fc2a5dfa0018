using System.Text.Json.Nodes;
using PartnerBot.Core.Cards.AdaptiveCards;
using PartnerBot.Core.Partners;
using PartnerBot.Core.Portfolio;
using PartnerBot.Core.Stores;

namespace PartnerBot.Core.Cards.Formalise;

/// <summary>The agreement of a partnership on one card (seeds 000 closing, 001, 003).</summary>
public static class FormaliseCards
{
    public const string SaveAction = "formalise.save";
    public const int MaxText = 1000;

    public static IReadOnlyList<(string Id, string Label, Func<Formalisation, string> Value)> TextFields { get; } =
    [
        ("libraryRole", "What the library does", f => f.LibraryRole),
        ("partnerRole", "What the partner does", f => f.PartnerRole),
        ("personnel", "Personnel each side commits", f => f.Personnel),
        ("equipment", "Equipment", f => f.Equipment),
        ("facilities", "Facilities", f => f.Facilities),
        ("technology", "Technology", f => f.Technology),
        ("sharedVision", "Shared vision", f => f.SharedVision),
        ("conflictHandling", "How you will handle disagreements", f => f.ConflictHandling),
        ("avoidingDuplication", "How you avoid duplicating each other's work", f => f.AvoidingDuplication),
    ];

    public static AdaptiveCard Form(Partner partner, Stored<Formalisation>? existing, double portfolioShare)
    {
        var f = existing?.Value;
        var card = new AdaptiveCard
        {
            FallbackText = $"Formalise {partner.Name}",
            Body =
            {
                new TextBlock($"Formalise: {partner.Name}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock($"A {PartnerCatalog.Label(partner.Relationship).ToLowerInvariant()}. Agree roles, resources and dates together.") { IsSubtle = true },
            },
        };
        foreach (var (id, label, value) in TextFields)
        {
            card.Body.Add(new TextInput
            {
                Id = id,
                Label = label,
                Value = f is null || value(f).Length == 0 ? null : value(f),
                IsMultiline = true,
                IsRequired = id is "libraryRole" or "partnerRole",
                MaxLength = MaxText,
                ErrorMessage = id is "libraryRole" or "partnerRole" ? $"Required, at most {MaxText} characters." : $"At most {MaxText} characters.",
            });
        }

        card.Body.Add(new ChoiceSetInput
        {
            Id = "cadence",
            Label = "How often you talk",
            Style = ChoiceStyle.Compact,
            IsRequired = true,
            ErrorMessage = "Pick how often.",
            Value = (f?.Cadence ?? CommunicationCadence.Monthly).ToString(),
            Choices = Enum.GetValues<CommunicationCadence>().Select(c => new Choice(c.ToString(), c.ToString())).ToList(),
        });
        card.Body.Add(new DateInput { Id = "start", Label = "Start date", Value = Iso(f?.StartDate) });
        card.Body.Add(new DateInput { Id = "review", Label = "Review date", Value = Iso(f?.ReviewDate) });
        card.Body.Add(new DateInput { Id = "renewal", Label = "Renewal date", Value = Iso(f?.RenewalDate) });
        if (PartnerCatalog.NeedsValuesCheck(partner))
        {
            card.Body.Add(new TextBlock($"Values check. With this partner in play it would hold {PortfolioAnalysis.Percent(portfolioShare)} of your partnerships (the warning starts at {PortfolioAnalysis.Percent(partner.Sector == Sector.Market ? PortfolioAnalysis.SingleMarketLimit : PortfolioAnalysis.SinglePartnerLimit)}). Sponsors and funders must fit what the library stands for, and the library must stay a free arena.") { Separator = true, Color = TextColor.Warning });
            card.Body.Add(new ToggleInput { Id = "valuesCheck", Title = "We checked this against our values and limits, and it fits", Value = f?.ValuesCheckPassed ?? false });
        }

        card.Actions.Add(Buttons.Submit("Save agreement", SaveAction, new JsonObject { ["partner"] = partner.Id, ["etag"] = existing?.ETag ?? "" }));
        card.Actions.Add(Buttons.Cancel());
        return card;
    }

    private static string? Iso(DateOnly? date) => date is { } d ? Dates.InputValue(d) : null;
}
