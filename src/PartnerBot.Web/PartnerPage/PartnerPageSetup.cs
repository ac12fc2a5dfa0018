using PartnerBot.Core.FollowThrough.Health;

namespace PartnerBot.Web.PartnerPage;

/// <summary>The partner's side of a health check: the signed links the bot hands out and the page they open.</summary>
public static class PartnerPageSetup
{
    public static WebApplicationBuilder AddPartnerBotPartnerPage(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton<PartnerLinks>();
        services.AddSingleton<IPartnerLinks>(sp => sp.GetRequiredService<PartnerLinks>());
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PartnerAnswers>(sp));
        return builder;
    }

    public static WebApplication MapPartnerBotPartnerPage(this WebApplication app) => app.MapPartnerPage();
}
