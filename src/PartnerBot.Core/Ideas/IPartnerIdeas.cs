using PartnerBot.Core.Needs;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Ideas;

/// <summary>A kind of partner worth looking for, and why.</summary>
/// <param name="Type">The partner type to look for.</param>
/// <param name="Examples">Concrete examples of that type, e.g. "IT companies".</param>
/// <param name="Reason">Why this type could cover the need.</param>
/// <param name="Caution">What to watch for, e.g. a commercial partner's effect on the library's values.</param>
public sealed record PartnerIdea(PartnerType Type, string Examples, string Reason, string? Caution = null);

/// <summary>Suggests partner types for a need no candidate covers yet.</summary>
public interface IPartnerIdeas
{
    Task<IReadOnlyList<PartnerIdea>> SuggestAsync(Need need, CancellationToken cancellationToken);
}
