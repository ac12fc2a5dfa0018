using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PartnerBot.Testing.Hosting;
using Xunit;

namespace PartnerBot.Testing.Browser;

/// <summary>
/// One bot per browser test class (<c>IClassFixture&lt;PlaygroundBot&gt;</c>): the real app on Kestrel at a free
/// loopback port, in Development (no app id: loopback callers only, loopback service URLs trusted), over Azurite.
/// Its connector records every call and passes the ones for an Agents Playground on, so the tests can both see the
/// reply in the browser and assert on what was sent. Each test opens its own <see cref="PlaygroundBrowser"/>, whose
/// playground mocks a tenant of its own, so the tests of a class never see each other's library.
/// </summary>
public sealed class PlaygroundBot : IAsyncLifetime
{
    private PartnerBotFactory? app;

    public PartnerBotFactory App => app ?? throw new InvalidOperationException("The fixture is not initialised yet.");

    /// <summary>e.g. http://127.0.0.1:41234/api/messages</summary>
    public string MessagesUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        app = await PartnerBotFactory.CreateAsync(o =>
        {
            o.KestrelPort = 0;
            // The tests hand work to the follow-through themselves; a timer would race them.
            o.Settings["FollowThrough:RunBackgroundService"] = "false";
        });
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reports no address.");
        MessagesUrl = address.TrimEnd('/') + "/api/messages";
        app.Connector.Forwards = IsPlaygroundConnector;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>The playground's mocked connector: http://localhost:{port}/_connector.</summary>
    private static bool IsPlaygroundConnector(string serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback && uri.AbsolutePath.StartsWith("/_connector", StringComparison.Ordinal);
}
