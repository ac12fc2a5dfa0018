using PartnerBot.Core.Cards.AdaptiveCards;

namespace PartnerBot.Core.Propositions;

/// <summary>The proposition draft, in an editable box so it can be copied; PartnerBot never sends it on.</summary>
public static class DraftCard
{
    public const int MaxDraftLength = 5000;

    public static AdaptiveCard Build(string partnerName, Draft draft, IReadOnlyList<string> staffNotes)
    {
        var card = new AdaptiveCard
        {
            FallbackText = $"A draft proposition for {partnerName}, for you to copy and edit.",
            Body =
            {
                new TextBlock($"Draft proposition for {partnerName}") { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock("This is a draft for you to copy, edit and send yourself. PartnerBot never sends it to the partner.") { IsSubtle = true },
                new TextInput
                {
                    Id = "draftText",
                    Label = "Draft",
                    IsMultiline = true,
                    Value = draft.Text.Length > MaxDraftLength ? draft.Text[..MaxDraftLength] : draft.Text,
                    MaxLength = MaxDraftLength,
                },
                new TextBlock(draft.FromModel
                    ? "Written by the language model from your workspace's needs, offers and notes. Check every claim before you send it."
                    : "Written from PartnerBot's template and your workspace's needs and offers. Make it personal before you send it.")
                {
                    IsSubtle = true,
                    Size = TextSize.Small,
                },
            },
        };

        if (staffNotes.Count > 0)
        {
            card.Body.Add(new TextBlock("Your colleagues' notes, to draw on (not part of the message)") { Weight = TextWeight.Bolder, Separator = true });
            // A bullet and a block per note, so each note shows exactly as a colleague typed it.
            card.Body.AddRange(staffNotes.Select(n => new TextBlock("• " + n) { IsSubtle = true, Spacing = Spacing.None }));
        }

        return card;
    }
}
