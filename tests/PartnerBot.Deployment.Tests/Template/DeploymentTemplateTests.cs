using System.Text.Json;
using PartnerBot.Deployment.Tests.Support;

namespace PartnerBot.Deployment.Tests.Template;

public sealed class DeploymentTemplateTests
{
    private static readonly BicepTemplate Bicep = BicepTemplate.Load();

    [Fact]
    public void AppSettings_UseExactlyTheKeysTheAppReads()
    {
        string[] expected =
        [
            "ASPNETCORE_ENVIRONMENT", "Bot__AppId", "Bot__AppPassword", "Bot__AppType", "Bot__ManagedIdentityClientId", "Bot__TenantId",
            "FollowThrough__Export__PublicBaseUrl", "FollowThrough__Export__SigningKey",
            "Language__ApiKey", "Language__Endpoint", "Language__ManagedIdentityClientId", "Language__ModelId", "Language__UseManagedIdentity",
            "Storage__ConnectionString", "Storage__ManagedIdentityClientId", "Storage__TableServiceUri",
        ];

        var keys = Bicep.SettingGroups.Values.SelectMany(g => g).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(expected, keys);
    }

    [Fact]
    public void AppSettings_EveryGroupIsUsed()
    {
        Assert.NotEmpty(Bicep.SettingGroups);
        Assert.All(Bicep.SettingGroups.Keys, group => Assert.Contains(group, Bicep.AppSettingsExpression, StringComparison.Ordinal));
        Assert.Contains("appSettings: appSettings", Bicep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_RunInProductionWithOneIdentityForStorage()
    {
        var common = Bicep.Settings("commonSettings").ToDictionary(s => s.Name);

        Assert.Equal("Production", common["ASPNETCORE_ENVIRONMENT"].Literal);
        Assert.Equal("storage.properties.primaryEndpoints.table", common["Storage__TableServiceUri"].ValueExpression);
        Assert.Equal("identity.properties.clientId", common["Storage__ManagedIdentityClientId"].ValueExpression);
    }

    [Fact]
    public void AppSettings_BotModesSetTheirAppTypeAndIdentity()
    {
        var managed = Bicep.Settings("managedIdentityBotSettings").ToDictionary(s => s.Name);
        var secret = Bicep.Settings("clientSecretBotSettings").ToDictionary(s => s.Name);

        Assert.Equal("UserAssignedMSI", managed["Bot__AppType"].Literal);
        Assert.Equal("identity.properties.clientId", managed["Bot__AppId"].ValueExpression);
        Assert.Equal("identity.properties.clientId", managed["Bot__ManagedIdentityClientId"].ValueExpression);
        Assert.DoesNotContain("Bot__AppPassword", managed.Keys);
        Assert.Equal("SingleTenant", secret["Bot__AppType"].Literal);
        Assert.Equal("botAppId", secret["Bot__AppId"].ValueExpression);
    }

    [Theory]
    [InlineData("clientSecretBotSettings", "Bot__AppPassword", "botAppPassword")]
    [InlineData("languageKeySettings", "Language__ApiKey", "languageApiKey")]
    [InlineData("storageConnectionStringSettings", "Storage__ConnectionString", "storageConnectionString")]
    public void Secrets_ReachTheAppOnlyAsKeyVaultReferences(string group, string key, string parameter)
    {
        var setting = Bicep.Settings(group).Single(s => s.Name == key);

        Assert.Contains("@Microsoft.KeyVault(SecretUri=", setting.ValueExpression, StringComparison.Ordinal);
        Assert.Contains("@secure()", Bicep.ParameterBlock(parameter), StringComparison.Ordinal);
        Assert.Contains("keyVaultReferenceIdentity: identity.id", Bicep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WebApp_IsLinuxOnDotNet10_WithHealthCheck()
    {
        Assert.Contains("kind: 'app,linux'", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("reserved: true", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("linuxFxVersion: 'DOTNETCORE|10.0'", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("healthCheckPath: '/health'", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("httpsOnly: true", Bicep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bot_IsSingleTenantAzureBot_WithTeamsChannel_AndOurEndpoint()
    {
        Assert.Contains("resource bot 'Microsoft.BotService/botServices@", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("kind: 'azurebot'", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("msaAppType: botAppType", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("msaAppTenantId: tenantId", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("msaAppMSIResourceId: useBotIdentity ? identity.id : null", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("endpoint: 'https://${site.properties.defaultHostName}/api/messages'", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.BotService/botServices/channels@", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("channelName: 'MsTeamsChannel'", Bicep.Text, StringComparison.Ordinal);

        // Creating multi-tenant bots is deprecated; the template must not offer it.
        var allowed = Bicep.ParameterBlock("botAppType");
        Assert.Contains("'UserAssignedMSI'", allowed, StringComparison.Ordinal);
        Assert.Contains("'SingleTenant'", allowed, StringComparison.Ordinal);
        Assert.DoesNotContain("MultiTenant", allowed, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_HoldsStorageTableDataContributor_OnTheAccount()
    {
        Assert.Contains("var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("roleDefinitions', storageTableDataContributor)", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("scope: storage", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("principalId: identity.properties.principalId", Bicep.Text, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.ManagedIdentity/userAssignedIdentities@", Bicep.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_UsesOnlySymbolsItDeclares()
    {
        var undeclared = Bicep.ReferencedSymbols.Except(Bicep.DeclaredSymbols).ToList();

        Assert.True(undeclared.Count == 0, "Used but not declared: " + string.Join(", ", undeclared));
        Assert.Contains("site", Bicep.ReferencedSymbols);
    }

    [Fact]
    public void Template_BracketsBalanceOutsideStrings()
    {
        var stack = new Stack<char>();
        var inString = false;
        foreach (var line in Bicep.Text.Split('\n'))
        {
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (c == '\\' && inString)
                {
                    i++;
                }
                else if (!inString && c == '/' && i + 1 < line.Length && line[i + 1] == '/')
                {
                    break;
                }
                else if (c == '\'')
                {
                    inString = !inString;
                }
                else if (!inString && c is '(' or '[' or '{')
                {
                    stack.Push(c);
                }
                else if (!inString && c is ')' or ']' or '}')
                {
                    Assert.True(stack.Count > 0 && stack.Pop() == c switch { ')' => '(', ']' => '[', _ => '{' }, $"Unbalanced '{c}' in: {line}");
                }
            }

            Assert.False(inString, "A string literal is not closed on: " + line);
        }

        Assert.Empty(stack);
    }

    [Fact]
    public void ParametersFile_NamesOnlyTemplateParameters_AndEveryRequiredOne()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(BicepTemplate.ParametersFile));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, name => Assert.True(Bicep.Parameters.ContainsKey(name), $"main.parameters.json sets '{name}', which main.bicep does not declare."));
        Assert.All(Bicep.Parameters.Where(p => !p.Value).Select(p => p.Key), name => Assert.Contains(name, given));
        Assert.Contains("botAppType", given);
    }
}
