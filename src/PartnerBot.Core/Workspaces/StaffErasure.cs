using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PartnerBot.Core.Workspaces;

/// <summary>
/// The rule of erasing a staff member: their id becomes a new id that belongs to nobody, and their name becomes
/// <see cref="FormerStaffName"/>, wherever either is stored (a next step's assignee, a partner's contacts, a rater, a
/// logged contact). The records themselves stay, with their dates: the history keeps the fact, not the person.
/// </summary>
/// <param name="UserId">The person's id, as their member row has it.</param>
/// <param name="Name">Their display name.</param>
/// <param name="ReplacementId">What their id becomes; see <see cref="For"/>.</param>
public sealed record StaffErasure(string UserId, string Name, string ReplacementId)
{
    /// <summary>What the person is called afterwards.</summary>
    public const string FormerStaffName = "a former staff member";

    /// <summary>Every replacement id starts with this, so a reader can tell one from a member's id.</summary>
    public const string ReplacementPrefix = "former-";

    /// <summary>
    /// An erasure with a fresh replacement id: two erased raters of one partner stay two screenings, and the new id
    /// cannot be traced back to the person.
    /// </summary>
    public static StaffErasure For(Member member) =>
        new(member.UserId, member.Name, ReplacementPrefix + Guid.NewGuid().ToString("N")[..16]);

    /// <summary>Whether <paramref name="value"/> names the person, by id or by name.</summary>
    public bool Mentions(string value) => Scrub(value) != value;

    /// <summary>
    /// <paramref name="value"/> with the person's id replaced by <see cref="ReplacementId"/> (also inside a composed key)
    /// and their name by <see cref="FormerStaffName"/>: a full name wherever it stands as whole words, in any case; a
    /// one-word name only as the whole value.
    /// </summary>
    public string Scrub(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var scrubbed = UserId.Length == 0 ? value : value.Replace(UserId, ReplacementId, StringComparison.Ordinal);
        var name = Name.Trim();
        if (name.Length == 0 || scrubbed.Length < name.Length)
        {
            return scrubbed;
        }

        // A full name is rare enough to replace inside text ("Met Ben Okafor at the fair"); a single word ("Ben") is
        // replaced only where it is the whole value, or erasing Ben would rename Ben's Bakery and every other Ben.
        return name.Any(char.IsWhiteSpace)
            ? Regex.Replace(scrubbed, NamePattern(name), FormerStaffName, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : string.Equals(scrubbed.Trim(), name, StringComparison.OrdinalIgnoreCase) ? FormerStaffName : scrubbed;
    }

    /// <summary>
    /// A copy of <paramref name="node"/> with <see cref="Scrub(string)"/> applied to every string value and property
    /// name, so a stored document names the person nowhere, whatever its shape.
    /// </summary>
    public JsonNode? Scrub(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(Scrub(p.Key), Scrub(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Scrub)]),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(Scrub(text)),
        _ => node.DeepClone(),
    };

    // Whole words only, so erasing "Ana" leaves "Banana" alone; the name's own characters are taken literally.
    private static string NamePattern(string name) => @"(?<![\p{L}\p{N}])" + Regex.Escape(name) + @"(?![\p{L}\p{N}])";
}
