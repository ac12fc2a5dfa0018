using PartnerBot.Protocol.Hosting;

namespace PartnerBot.Web.Playground;

/// <summary>The development playground: a page with the official Web Chat, talking to the app's own Direct Line endpoint.</summary>
internal static class PlaygroundEndpoints
{
    public const string ScriptPath = "/playground/webchat.js";

    public static IServiceCollection AddPlayground(this IServiceCollection services)
    {
        services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.SectionName);
        services.AddSingleton<WebChatScript>();
        return services;
    }

    /// <summary>
    /// Map only in development: the page and the Direct Line behind it check no identity, so both serve this
    /// machine only (<see cref="LocalCallers"/>), in every environment.
    /// </summary>
    public static WebApplication MapPlayground(this WebApplication app)
    {
        var page = app.MapGroup("").ForLocalCallersOnly(() => Results.Problem(statusCode: 403, detail: "The playground serves this machine only."));
        page.MapGet("/", (WebChatScript script) =>
            Results.Content(PlaygroundPage.Html(script.Path is not null), "text/html; charset=utf-8"));
        page.MapGet(ScriptPath, (WebChatScript script) => script.Path is { } path
            ? Results.File(path, "text/javascript; charset=utf-8")
            : Results.NotFound());
        return app;
    }
}
