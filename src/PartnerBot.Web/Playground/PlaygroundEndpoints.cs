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

    /// <summary>Map only in development: the page and the Direct Line behind it check no identity.</summary>
    public static WebApplication MapPlayground(this WebApplication app)
    {
        app.MapGet("/", (WebChatScript script) =>
            Results.Content(PlaygroundPage.Html(script.Path is not null), "text/html; charset=utf-8"));
        app.MapGet(ScriptPath, (WebChatScript script) => script.Path is { } path
            ? Results.File(path, "text/javascript; charset=utf-8")
            : Results.NotFound());
        return app;
    }
}
