using PartnerBot.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPartnerBot();

var app = builder.Build();
app.MapPartnerBot();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
