using System.Globalization;
using System.Text.RegularExpressions;
using PartnerBot.Core.Partners;

namespace PartnerBot.Core.Intents;

/// <summary>Finds partner types, sectors, periods and new partner names in free text.</summary>
public static partial class EntityExtractor
{
    // Phrases are matched as whole token sequences; the first rule that matches wins, so specific phrases come first.
    private static readonly (string Phrase, PartnerType Type)[] TypeRules =
    [
        ("school district", PartnerType.SchoolDistrict),
        ("research institute", PartnerType.UniversityOrResearch),
        ("state agency", PartnerType.StateGovernment),
        ("state government", PartnerType.StateGovernment),
        ("federal", PartnerType.FederalGovernment),
        ("national agency", PartnerType.FederalGovernment),
        ("government agency", PartnerType.FederalGovernment),
        ("municipal", PartnerType.LocalGovernment),
        ("municipality", PartnerType.LocalGovernment),
        ("city council", PartnerType.LocalGovernment),
        ("council", PartnerType.LocalGovernment),
        ("city department", PartnerType.LocalGovernment),
        ("local government", PartnerType.LocalGovernment),
        ("kommune", PartnerType.LocalGovernment),
        ("nonprofit", PartnerType.Nonprofit),
        ("non profit", PartnerType.Nonprofit),
        ("charity", PartnerType.Nonprofit),
        ("foundation", PartnerType.Nonprofit),
        ("association", PartnerType.Nonprofit),
        ("voluntary", PartnerType.Nonprofit),
        ("volunteer organisation", PartnerType.Nonprofit),
        ("ngo", PartnerType.Nonprofit),
        ("community group", PartnerType.Nonprofit),
        ("company", PartnerType.PrivateCompany),
        ("business", PartnerType.PrivateCompany),
        ("firm", PartnerType.PrivateCompany),
        ("startup", PartnerType.PrivateCompany),
        ("corporation", PartnerType.PrivateCompany),
        ("shop", PartnerType.PrivateCompany),
        ("university", PartnerType.UniversityOrResearch),
        ("college", PartnerType.UniversityOrResearch),
        ("academy", PartnerType.UniversityOrResearch),
        ("school", PartnerType.SchoolDistrict),
        ("museum", PartnerType.CulturalInstitution),
        ("theatre", PartnerType.CulturalInstitution),
        ("theater", PartnerType.CulturalInstitution),
        ("orchestra", PartnerType.CulturalInstitution),
        ("gallery", PartnerType.CulturalInstitution),
        ("cultural", PartnerType.CulturalInstitution),
        ("science centre", PartnerType.CulturalInstitution),
        ("science center", PartnerType.CulturalInstitution),
        ("individual", PartnerType.Individual),
        ("artist", PartnerType.Individual),
        ("writer", PartnerType.Individual),
        ("author", PartnerType.Individual),
        ("developer", PartnerType.Individual),
        ("designer", PartnerType.Individual),
        ("freelancer", PartnerType.Individual),
        ("freelance", PartnerType.Individual),
    ];

    private static readonly (string Phrase, Sector Sector)[] SectorRules =
    [
        ("civic", Sector.Civic),
        ("civil society", Sector.Civic),
        ("public sector", Sector.Public),
        ("public", Sector.Public),
        ("market", Sector.Market),
        ("commercial", Sector.Market),
        ("private sector", Sector.Market),
    ];

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["a"] = 1,
        ["an"] = 1,
        ["one"] = 1,
        ["two"] = 2,
        ["three"] = 3,
        ["four"] = 4,
        ["five"] = 5,
        ["six"] = 6,
        ["seven"] = 7,
        ["eight"] = 8,
        ["nine"] = 9,
        ["ten"] = 10,
        ["eleven"] = 11,
        ["twelve"] = 12,
        ["couple"] = 2,
        ["few"] = 3,
    };

    private static readonly Dictionary<string, int> UnitDays = new(StringComparer.Ordinal)
    {
        ["day"] = 1,
        ["days"] = 1,
        ["week"] = 7,
        ["weeks"] = 7,
        ["fortnight"] = 14,
        ["fortnights"] = 14,
        ["month"] = 30,
        ["months"] = 30,
        ["year"] = 365,
        ["years"] = 365,
    };

    /// <summary>The partner type the text names, e.g. "a municipal department" → LocalGovernment.</summary>
    public static PartnerType? FindType(IReadOnlyList<string> tokens)
    {
        foreach (var (phrase, type) in TypeRules)
        {
            if (ContainsPhrase(tokens, phrase))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>The sector the text names, or the one that follows from an unambiguous type.</summary>
    public static Sector? FindSector(IReadOnlyList<string> tokens, PartnerType? type)
    {
        foreach (var (phrase, sector) in SectorRules)
        {
            if (ContainsPhrase(tokens, phrase))
            {
                return sector;
            }
        }

        // Universities, cultural institutions and individuals can sit in any sector, so those are left for the person to say.
        return type switch
        {
            PartnerType.LocalGovernment or PartnerType.StateGovernment or PartnerType.FederalGovernment or PartnerType.SchoolDistrict => Sector.Public,
            PartnerType.Nonprofit => Sector.Civic,
            PartnerType.PrivateCompany => Sector.Market,
            _ => null,
        };
    }

    /// <summary>A period in days: "in a month" → 30, "3 weeks" → 21, "90 days" → 90.</summary>
    public static int? FindDays(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!UnitDays.TryGetValue(tokens[i], out var unit))
            {
                continue;
            }

            var count = 1;
            if (i > 0 && int.TryParse(tokens[i - 1], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                count = number;
            }
            else if (i > 0 && NumberWords.TryGetValue(tokens[i - 1], out var word))
            {
                count = word;
            }

            var days = (long)count * unit;
            return days is > 0 and <= 3650 ? (int)days : null;
        }

        return null;
    }

    /// <summary>The new partner's name in "add X as a partner", "add X, they're…", "new partner X".</summary>
    public static string? FindNewPartnerName(string text)
    {
        Match match;
        try
        {
            match = NewPartnerPattern().Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }

        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups["name"].Value.Trim().Trim('"', '\'', '“', '”', '.', ' ');
        var bare = TextNormalizer.Tokens(name);
        var onlyFiller = bare.All(t => t is "a" or "an" or "new" or "partner" or "partners" or "candidate");
        return name.Length is > 0 and <= 200 && !onlyFiller ? name : null;
    }

    private static bool ContainsPhrase(IReadOnlyList<string> tokens, string phrase)
    {
        var words = phrase.Split(' ');
        for (var start = 0; start + words.Length <= tokens.Count; start++)
        {
            var all = true;
            for (var k = 0; k < words.Length && all; k++)
            {
                var token = tokens[start + k];
                // Plurals count: "museums", "councils".
                all = token == words[k] || token == words[k] + "s";
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(
        @"^\s*(?:please\s+)?(?:can\s+you\s+|could\s+you\s+|i\s+want\s+to\s+|i['’]d\s+like\s+to\s+|let['’]s\s+)?(?:add|register|new\s+partner:?|new\s+candidate:?)\s+(?:a\s+new\s+partner\s+(?:called|named)\s+|a\s+partner\s+(?:called|named)\s+|partner\s+)?(?<name>.+?)(?:\s+(?:as|to)\s+(?:a\s+|an\s+|our\s+|the\s+)?(?:new\s+)?(?:partner|candidate|partners|candidates|pipeline|list)\b.*|\s*[,;(:].*|\s+-\s.*|\s+they(?:['’]re|\s+are)\b.*|\s+(?:which|who)\s+is\b.*|\s*\.?\s*)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NewPartnerPattern();
}
