namespace PartnerBot.Web.Hosting;

/// <summary>The host: protocol endpoints, storage, the bot, the playground, health.</summary>
public static class HostSetup
{
    public static WebApplicationBuilder AddPartnerBotHost(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapPartnerBotHost(this WebApplication app)
    {
        app.MapGet("/alive", () => Results.Ok("alive"));
        return app;
    }
}
