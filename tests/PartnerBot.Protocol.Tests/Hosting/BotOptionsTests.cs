using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PartnerBot.Protocol.Hosting;
using PartnerBot.Protocol.Tests.Support;

namespace PartnerBot.Protocol.Tests.Hosting;

public sealed class BotOptionsTests
{
    [Theory]
    [InlineData("SingleTenant", null, "secret", null, "Bot:TenantId")]
    [InlineData("SingleTenant", "tenant", null, null, "Bot:AppPassword")]
    [InlineData("MultiTenant", null, null, null, "Bot:AppPassword")]
    [InlineData("UserAssignedMSI", "tenant", null, null, "Bot:ManagedIdentityClientId")]
    [InlineData("Kerberos", "tenant", "secret", null, "Bot:AppType")]
    [InlineData("MultiTenant", null, "secret", "http://not-https.example/", "Bot:TrustedServiceUrls")]
    public async Task Start_InvalidSettings_FailsNamingTheSetting(string appType, string? tenantId, string? password, string? trustedUrl, string setting)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f",
            ["Bot:AppType"] = appType,
            ["Bot:TenantId"] = tenantId,
            ["Bot:AppPassword"] = password,
            ["Bot:TrustedServiceUrls:0"] = trustedUrl,
        };

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestBotHost.StartAsync(new RecordingBot(), settings));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoAppId_RunsInDevelopmentMode()
    {
        await using var host = await TestBotHost.StartAsync(new RecordingBot());

        Assert.True(host.Services.GetRequiredService<IOptions<BotOptions>>().Value.IsDevelopmentMode);
    }

    [Fact]
    public async Task Start_SingleTenantWithSecret_IsNotDevelopmentMode()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "5f1b7a2c-0d3e-4b8a-9c6f-1a2b3c4d5e6f",
            ["Bot:TenantId"] = "0c4e8a1b-2d3f-4a5b-8c9d-e0f1a2b3c4d5",
            ["Bot:AppPassword"] = "secret",
        };

        await using var host = await TestBotHost.StartAsync(new RecordingBot(), settings);

        Assert.False(host.Services.GetRequiredService<IOptions<BotOptions>>().Value.IsDevelopmentMode);
    }
}
