namespace PartnerBot.Web.Language;

/// <summary>Language-model assistance, and the deterministic defaults when no model is configured.</summary>
public static class LanguageSetup
{
    public static WebApplicationBuilder AddPartnerBotLanguage(this WebApplicationBuilder builder) => builder;
}
