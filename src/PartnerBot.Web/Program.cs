using PartnerBot.Web.Conversations;
using PartnerBot.Web.FollowThrough;
using PartnerBot.Web.Hosting;
using PartnerBot.Web.Language;

var builder = WebApplication.CreateBuilder(args);

builder.AddPartnerBotHost();
builder.AddPartnerBotConversations();
builder.AddPartnerBotFollowThrough();
builder.AddPartnerBotLanguage();

var app = builder.Build();

app.MapPartnerBotHost();
app.MapPartnerBotFollowThrough();

app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
