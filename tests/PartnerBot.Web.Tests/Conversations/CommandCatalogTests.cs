using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Core.Conversations;
using PartnerBot.Testing.Hosting;

namespace PartnerBot.Web.Tests.Conversations;

/// <summary>
/// The Teams command menus are generated from BotCommands.Menu, so every command there must be one the
/// running app really answers: a built-in of the router or a feature's command, and the reverse.
/// </summary>
public sealed class CommandCatalogTests
{
    [Fact]
    public async Task EveryCatalogCommand_IsAnsweredByTheApp_AndEveryHandlerIsInTheCatalog()
    {
        await using var factory = await PartnerBotFactory.CreateAsync();
        var engine = factory.Services.GetRequiredService<IConversationEngine>();
        var available = Assert.IsType<ConversationEngine>(engine).AvailableCommands.Select(c => c.Name).ToList();

        Assert.Equal(BotCommands.Menu.Select(c => c.Name), available);
    }
}
