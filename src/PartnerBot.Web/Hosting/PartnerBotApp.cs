using PartnerBot.Web.Conversations;
using PartnerBot.Web.FollowThrough;
using PartnerBot.Web.Language;
using PartnerBot.Web.PartnerPage;
using PartnerBot.Web.Roster;
using PartnerBot.Web.Tenants;

namespace PartnerBot.Web.Hosting;

/// <summary>The one composition root: the host and every feature, as Program.cs and the tests that check start-up use it.</summary>
public static class PartnerBotApp
{
    public static WebApplicationBuilder AddPartnerBot(this WebApplicationBuilder builder)
    {
        builder.AddPartnerBotHost();
        builder.AddPartnerBotConversations();
        builder.AddPartnerBotFollowThrough();
        builder.AddPartnerBotPartnerPage();
        builder.AddPartnerBotLanguage();
        builder.AddPartnerBotRoster();
        builder.AddPartnerBotTenantRetention();
        return builder;
    }

    public static WebApplication MapPartnerBot(this WebApplication app)
    {
        app.MapPartnerBotHost();
        app.MapPartnerBotFollowThrough();
        app.MapPartnerBotPartnerPage();
        return app;
    }
}
