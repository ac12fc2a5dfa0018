using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;

namespace PartnerBot.PackageBuilder;

/// <summary>
/// Builds the manifest's command menus from the bot's own command catalog, so the menu offers
/// exactly what the bot answers. Teams shows at most 12 commands a scope.
/// </summary>
public static class CommandLists
{
    public const int MaxCommandsPerScope = 12;
    public const int MaxTitleLength = 32;
    public const int MaxDescriptionLength = 128;

    private static readonly (CommandScopes Scope, string ManifestScope)[] Scopes =
    [
        (CommandScopes.Personal, "personal"),
        (CommandScopes.Team, "team"),
    ];

    /// <summary>The commandLists array, one entry per scope that has commands; <paramref name="notes"/> names commands left out.</summary>
    public static JsonArray Build(IReadOnlyList<BotCommand> catalog, List<string> notes)
    {
        foreach (var command in catalog)
        {
            if (command.Name.Length is 0 or > MaxTitleLength)
            {
                throw new PackageException($"The command '{command.Name}' must be 1 to {MaxTitleLength} characters to fit the Teams command menu.");
            }

            if (command.Description.Length > MaxDescriptionLength)
            {
                throw new PackageException($"The description of '{command.Name}' is {command.Description.Length} characters; the Teams command menu allows {MaxDescriptionLength}.");
            }
        }

        var lists = new JsonArray();
        foreach (var (scope, manifestScope) in Scopes)
        {
            var inScope = catalog.Where(c => c.Scopes.HasFlag(scope)).ToList();
            if (inScope.Count == 0)
            {
                continue;
            }

            // Catalog order is the order of importance; the rest stay usable by typing, just not in the menu.
            if (inScope.Count > MaxCommandsPerScope)
            {
                notes.Add($"The {manifestScope} menu shows the first {MaxCommandsPerScope} commands; left out: {string.Join(", ", inScope.Skip(MaxCommandsPerScope).Select(c => c.Name))}.");
            }

            var commands = new JsonArray();
            foreach (var command in inScope.Take(MaxCommandsPerScope))
            {
                commands.Add(new JsonObject { ["title"] = command.Name, ["description"] = command.Description });
            }

            lists.Add(new JsonObject { ["scopes"] = new JsonArray(manifestScope), ["commands"] = commands });
        }

        return lists;
    }
}
