using System.Text.Json.Serialization;
using PartnerBot.Core.Needs;

namespace PartnerBot.Core.Dialogs;

/// <summary>
/// What a person is in the middle of. One explicit record per dialog kind, serialised with its kind as
/// discriminator and a <see cref="Version"/> so a later release can read (or refuse) older rows.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$dialog")]
[JsonDerivedType(typeof(NeedsDialog), NeedsDialog.KindName)]
[JsonDerivedType(typeof(PartnerFormDialog), PartnerFormDialog.KindName)]
[JsonDerivedType(typeof(PartnerCardDialog), PartnerCardDialog.KindName)]
public abstract record DialogState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    [JsonIgnore]
    public abstract string Kind { get; }

    public required DateTimeOffset StartedAt { get; init; }
}

/// <summary>The three-card needs assessment; <see cref="Draft"/> holds every answer given so far.</summary>
public sealed record NeedsDialog : DialogState
{
    public const string KindName = "needs";

    [JsonIgnore]
    public override string Kind => KindName;

    /// <summary>1: goal and users, 2: needs, 3: offers and criteria.</summary>
    public int Step { get; init; } = 1;

    public required NeedsAssessment Draft { get; init; }

    /// <summary>Editing one card of a saved assessment: submit saves and shows the summary, instead of moving on.</summary>
    public bool EditingSaved { get; init; }

    /// <summary>The saved assessment's ETag when editing, so a newer save by someone else is not overwritten.</summary>
    public string? SavedETag { get; init; }
}

/// <summary>Adding a partner, or editing one (<see cref="PartnerId"/> set).</summary>
public sealed record PartnerFormDialog : DialogState
{
    public const string KindName = "partner-form";

    [JsonIgnore]
    public override string Kind => KindName;

    public string? PartnerId { get; init; }

    /// <summary>The name typed after "add partner", offered in the card.</summary>
    public string? SuggestedName { get; init; }

    /// <summary>
    /// Adding: the id the new partner gets, minted when the card was first shown and carried by its submit, so a second
    /// submit of the same card finds the partner the first one added instead of adding it again.
    /// </summary>
    public string? NewPartnerId { get; init; }
}

/// <summary>A one-card flow about one partner (screening, assessment, contact, formalising…) whose card is open.</summary>
public sealed record PartnerCardDialog : DialogState
{
    public const string KindName = "partner-card";

    [JsonIgnore]
    public override string Kind => KindName;

    /// <summary>The <see cref="IPartnerCardFlow.Kind"/> of the flow whose card is open.</summary>
    public required string Card { get; init; }

    public required string PartnerId { get; init; }
}
