namespace PartnerBot.Web.Conversations;

/// <summary>The partnership workflows: stores, the router and its handlers.</summary>
public static class ConversationsSetup
{
    public static WebApplicationBuilder AddPartnerBotConversations(this WebApplicationBuilder builder) => builder;
}
