using System.Text.Json.Nodes;
using PartnerBot.Core.Conversations;
using PartnerBot.Deployment.Tests.Support;
using PartnerBot.PackageBuilder;

namespace PartnerBot.Deployment.Tests.Package;

public sealed class CommandListTests(BuiltPackage package) : IClassFixture<BuiltPackage>
{
    [Fact]
    public void Package_CommandMenus_OfferOnlyCommandsTheBotAnswers_InTheirScopes()
    {
        var lists = package.Manifest["bots"]![0]!["commandLists"]!.AsArray();
        var catalog = BotCommands.Menu.ToDictionary(c => c.Name, StringComparer.Ordinal);

        Assert.Equal(["personal", "team"], lists.Select(l => (string?)l!["scopes"]![0]).Order(StringComparer.Ordinal));
        foreach (var list in lists)
        {
            var scope = (string?)list!["scopes"]![0] == "personal" ? CommandScopes.Personal : CommandScopes.Team;
            var commands = list["commands"]!.AsArray();
            Assert.InRange(commands.Count, 1, 12);
            foreach (var command in commands)
            {
                var title = (string)command!["title"]!;
                Assert.True(catalog.TryGetValue(title, out var known), $"The menu offers '{title}', which BotCommands.Menu does not know.");
                Assert.True(known.Scopes.HasFlag(scope), $"'{title}' is offered in {scope} but is not registered for it.");
                Assert.Equal(known.Description, (string?)command["description"]);
            }
        }
    }

    [Fact]
    public void Catalog_FitsTheTeamsCommandMenu()
    {
        Assert.All(BotCommands.Menu, c =>
        {
            Assert.InRange(c.Name.Length, 1, CommandLists.MaxTitleLength);
            Assert.InRange(c.Description.Length, 1, CommandLists.MaxDescriptionLength);
        });
        Assert.Contains(BotCommands.Menu, c => c.Name == "help" && c.Scopes == CommandScopes.All);
    }

    [Fact]
    public void Build_MoreThanTwelveInAScope_KeepsTheFirstTwelveAndSaysWhichWereLeftOut()
    {
        var catalog = Enumerable.Range(1, 14).Select(i => new BotCommand($"cmd{i}", $"Command {i}", CommandScopes.Personal)).ToList();
        var notes = new List<string>();

        var lists = CommandLists.Build(catalog, notes);

        var commands = Assert.Single(lists)!["commands"]!.AsArray();
        Assert.Equal(12, commands.Count);
        Assert.Equal("cmd12", (string?)commands[11]!["title"]);
        Assert.Contains(notes, n => n.Contains("cmd13, cmd14", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_DescriptionOver128Characters_Throws()
    {
        var catalog = new[] { new BotCommand("long", new string('x', 129), CommandScopes.All) };

        var e = Assert.Throws<PackageException>(() => CommandLists.Build(catalog, []));

        Assert.Contains("'long'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TitleOver32Characters_Throws()
    {
        var catalog = new[] { new BotCommand(new string('a', 33), "Too long to type", CommandScopes.Team) };

        Assert.Throws<PackageException>(() => CommandLists.Build(catalog, []));
    }

    [Fact]
    public void Build_TeamOnlyCommand_AppearsOnlyInTheTeamMenu()
    {
        var catalog = new[] { new BotCommand("help", "Help", CommandScopes.All), new BotCommand("digest", "Weekly digest", CommandScopes.Team) };

        var lists = CommandLists.Build(catalog, []);

        JsonArray Titles(string scope) => lists.Single(l => (string?)l!["scopes"]![0] == scope)!["commands"]!.AsArray();
        Assert.Equal(["help"], Titles("personal").Select(c => (string?)c!["title"]));
        Assert.Equal(["help", "digest"], Titles("team").Select(c => (string?)c!["title"]));
    }
}
