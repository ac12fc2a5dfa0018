using System.Text.Json;
using System.Text.Json.Nodes;
using PartnerBot.Deployment.Tests.Support;

namespace PartnerBot.Deployment.Tests.Template;

/// <summary>
/// deployment/main.bicep through the real Bicep compiler: it builds and lints clean, and the ARM JSON it produces gives
/// each kind of deployment the settings the app needs.
/// </summary>
public sealed class DeploymentTemplateTests
{
    private static ArmTemplate Arm => ArmTemplate.Compiled;

    private const string Identity = "<Microsoft.ManagedIdentity/userAssignedIdentities.clientId>";

    [Fact]
    public void Build_CompilesWithNoErrorsAndNoWarnings()
    {
        var run = BicepCompiler.Build();

        Assert.True(run.ExitCode == 0, run.Diagnostics);
        Assert.True(run.Diagnostics.Length == 0, "bicep build reported: " + run.Diagnostics);
        Assert.Equal("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", (string?)JsonNode.Parse(run.Output)?["$schema"]);
    }

    [Fact]
    public void Lint_ReportsNothing()
    {
        var run = BicepCompiler.Lint();

        Assert.True(run.ExitCode == 0, run.Diagnostics);
        Assert.True(run.Diagnostics.Length == 0, "bicep lint reported: " + run.Diagnostics);
    }

    [Fact]
    public void AppSettings_UseExactlyTheKeysTheAppReads()
    {
        string[] expected =
        [
            "APPLICATIONINSIGHTS_CONNECTION_STRING", "ASPNETCORE_ENVIRONMENT",
            "Bot__AppId", "Bot__AppPassword", "Bot__AppType", "Bot__ManagedIdentityClientId", "Bot__TenantId",
            "Edge__ForwardedHeaders__KnownNetworks",
            "FollowThrough__Export__PreviousSigningKey", "FollowThrough__Export__PublicBaseUrl", "FollowThrough__Export__SigningKey",
            "Language__ApiKey", "Language__Endpoint", "Language__ManagedIdentityClientId", "Language__ModelId", "Language__UseManagedIdentity",
            "Storage__ConnectionString", "Storage__ManagedIdentityClientId", "Storage__TableServiceUri",
        ];

        var keys = Deployments.All.Keys.SelectMany(d => Deployments.Settings(d).Keys).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(expected, keys);
    }

    [Theory]
    [MemberData(nameof(DeploymentNames))]
    public void AppSettings_EachKeyOnce_AndRunInProduction(string deployment)
    {
        var settings = Arm.AppSettings(Deployments.All[deployment]);

        Assert.Equal(settings.Count, settings.Select(s => s.Name).Distinct().Count());
        Assert.Equal("Production", settings.Single(s => s.Name == "ASPNETCORE_ENVIRONMENT").Value);
    }

    [Fact]
    public void AppSettings_UseOneIdentityForStorage()
    {
        var settings = Deployments.Settings("managed identity");

        Assert.Equal("<Microsoft.Storage/storageAccounts.primaryEndpoints.table>", settings["Storage__TableServiceUri"]);
        Assert.Equal(Identity, settings["Storage__ManagedIdentityClientId"]);
        Assert.DoesNotContain("Storage__ConnectionString", settings.Keys);
    }

    [Fact]
    public void AppSettings_BotModesSetTheirAppTypeAndIdentity()
    {
        var managed = Deployments.Settings("managed identity");
        var secret = Deployments.Settings("client secret");

        Assert.Equal("UserAssignedMSI", managed["Bot__AppType"]);
        Assert.Equal(Identity, managed["Bot__AppId"]);
        Assert.Equal(Identity, managed["Bot__ManagedIdentityClientId"]);
        Assert.DoesNotContain("Bot__AppPassword", managed.Keys);
        Assert.Equal("SingleTenant", secret["Bot__AppType"]);
        Assert.Equal(Deployments.BotAppId, secret["Bot__AppId"]);
        Assert.DoesNotContain("Bot__ManagedIdentityClientId", secret.Keys);
    }

    [Theory]
    [InlineData("client secret", "Bot__AppPassword", "botAppPassword", "bot-app-password")]
    [InlineData("language with key", "Language__ApiKey", "languageApiKey", "language-api-key")]
    [InlineData("existing storage account", "Storage__ConnectionString", "storageConnectionString", "storage-connection-string")]
    [InlineData("stable link key", "FollowThrough__Export__SigningKey", "linkSigningKey", "export-signing-key")]
    [InlineData("rotating link key", "FollowThrough__Export__PreviousSigningKey", "previousLinkSigningKey", "previous-link-signing-key")]
    public void Secrets_ReachTheAppOnlyAsKeyVaultReferences(string deployment, string key, string parameter, string secret)
    {
        var settings = Deployments.Settings(deployment);

        Assert.Equal($"@Microsoft.KeyVault(SecretUri=<Microsoft.KeyVault/vaults/secrets/{secret}.secretUri>)", settings[key]);
        Assert.DoesNotContain(settings.Values, v => v.Contains(Deployments.SecretValue, StringComparison.Ordinal));
        Assert.Equal("securestring", (string?)Arm.Parameters[parameter]?["type"]);
        Assert.Equal("<Microsoft.ManagedIdentity/userAssignedIdentities.id>", ArmTemplate.Text(Arm.Evaluate(Arm.Resource("Microsoft.Web/sites")["properties"]!["keyVaultReferenceIdentity"])));
    }

    [Fact]
    public void LinkSigningKey_GivenOnce_IsTheKeyEveryDeploymentKeeps_AndAPreviousKeyOnlyWhileRotating()
    {
        // Partner links live 21 days: a key the operator passes is stored as given, so the next deployment keeps it.
        var secret = Arm.Resources.Single(r => (string?)r["type"] == "Microsoft.KeyVault/vaults/secrets" && ArmTemplate.Text(Arm.Evaluate(r["name"])).EndsWith("export-signing-key", StringComparison.Ordinal));
        Assert.Equal(Deployments.SecretValue, ArmTemplate.Text(Arm.Evaluate(secret["properties"]!["value"], Deployments.StableLinkKey)));
        Assert.Equal(Deployments.SecretValue, ArmTemplate.Text(Arm.Evaluate(secret["properties"]!["value"], Deployments.RotatingLinkKey)));

        Assert.DoesNotContain("FollowThrough__Export__PreviousSigningKey", Deployments.Settings("stable link key").Keys);
        Assert.DoesNotContain("FollowThrough__Export__PreviousSigningKey", Deployments.Settings("managed identity").Keys);
        Assert.Contains("FollowThrough__Export__PreviousSigningKey", Deployments.Settings("rotating link key").Keys);
        Assert.Equal("", (string?)Arm.Parameters["linkSigningKey"]!["defaultValue"]);
        Assert.Equal("", (string?)Arm.Parameters["previousLinkSigningKey"]!["defaultValue"]);
    }

    [Fact]
    public void Language_WithoutAKey_UsesTheAppsIdentity()
    {
        var settings = Deployments.Settings("language with identity");

        Assert.Equal("true", settings["Language__UseManagedIdentity"]);
        Assert.Equal(Identity, settings["Language__ManagedIdentityClientId"]);
        Assert.Equal("https://partnerbot.openai.azure.com/", settings["Language__Endpoint"]);
        Assert.DoesNotContain("Language__ApiKey", settings.Keys);
        Assert.DoesNotContain("Language__Endpoint", Deployments.Settings("managed identity").Keys);
    }

    [Fact]
    public void WebApp_IsLinuxOnDotNet10_WithHealthCheck()
    {
        var site = Arm.Resource("Microsoft.Web/sites");
        var config = site["properties"]!["siteConfig"]!;

        Assert.Equal("app,linux", (string?)site["kind"]);
        Assert.True((bool?)site["properties"]!["httpsOnly"]);
        Assert.Equal("DOTNETCORE|10.0", (string?)config["linuxFxVersion"]);
        Assert.Equal("/health", (string?)config["healthCheckPath"]);
        Assert.Equal("1.2", (string?)config["minTlsVersion"]);
        Assert.True((bool?)Arm.Resource("Microsoft.Web/serverfarms")["properties"]!["reserved"]);
    }

    [Theory]
    [InlineData("managed identity", "UserAssignedMSI", Identity)]
    [InlineData("client secret", "SingleTenant", Deployments.BotAppId)]
    public void Bot_IsAnAzureBot_WithTeamsChannel_AndOurEndpoint(string deployment, string appType, string appId)
    {
        var bot = Arm.Resource("Microsoft.BotService/botServices");
        var properties = (Dictionary<string, object?>)Arm.Evaluate(bot["properties"], Deployments.All[deployment])!;

        Assert.Equal("azurebot", (string?)bot["kind"]);
        Assert.Equal(appType, properties["msaAppType"]);
        Assert.Equal(appId, ArmTemplate.Text(properties["msaAppId"]));
        Assert.Equal("<subscription.tenantId>", ArmTemplate.Text(properties["msaAppTenantId"]));
        Assert.Equal("https://<Microsoft.Web/sites.defaultHostName>/api/messages", properties["endpoint"]);
        Assert.Equal(appType == "UserAssignedMSI" ? "<Microsoft.ManagedIdentity/userAssignedIdentities.id>" : "", ArmTemplate.Text(properties["msaAppMSIResourceId"]));
        Assert.Equal("MsTeamsChannel", (string?)Arm.Resource("Microsoft.BotService/botServices/channels")["properties"]!["channelName"]);

        // Creating multi-tenant bots is deprecated; the template must not offer it.
        var allowed = Arm.Parameters["botAppType"]!["allowedValues"]!.AsArray().Select(v => (string?)v).ToList();
        Assert.Equal(["UserAssignedMSI", "SingleTenant"], allowed);
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3")]
    [InlineData("Microsoft.KeyVault/vaults", "4633458b-17de-408a-b874-0445c86b69e6")]
    public void Identity_HoldsItsRole_OnTheResourceItUses(string scope, string role)
    {
        var assignment = Arm.Resources
            .Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments")
            .Select(r => (Dictionary<string, object?>)Arm.Evaluate(r)!)
            .Single(r => ArmTemplate.Text(r["scope"]).StartsWith($"<{scope}.", StringComparison.Ordinal));
        var properties = (Dictionary<string, object?>)assignment["properties"]!;

        Assert.Equal("<Microsoft.Authorization/roleDefinitions/" + role + ".id>", ArmTemplate.Text(properties["roleDefinitionId"]));
        Assert.Equal("<Microsoft.ManagedIdentity/userAssignedIdentities.principalId>", ArmTemplate.Text(properties["principalId"]));
        Assert.Equal("ServicePrincipal", properties["principalType"]);
    }

    [Fact]
    public void ParametersFile_NamesOnlyTemplateParameters_AndEveryRequiredOne()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(BicepCompiler.TemplatePath)!, "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, name => Assert.True(Arm.Parameters.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare."));
        Assert.All(Arm.Parameters.Where(p => p.Value?["defaultValue"] is null).Select(p => p.Key), name => Assert.Contains(name, given));
        Assert.Contains("botAppType", given);
    }

    public static TheoryData<string> DeploymentNames() => [.. Deployments.All.Keys];
}
