namespace PartnerBot.Web.Hosting;

internal static class LoggingSetup
{
    /// <summary>One JSON object per line outside development, so App Service and Log Analytics can query fields; one readable line in development.</summary>
    public static WebApplicationBuilder AddPartnerBotLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }
}
