namespace PartnerBot.Web.FollowThrough;

/// <summary>Nudges, health checks and the weekly digest: schedules, outbox, delivery.</summary>
public static class FollowThroughSetup
{
    public static WebApplicationBuilder AddPartnerBotFollowThrough(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapPartnerBotFollowThrough(this WebApplication app) => app;
}
