// PartnerBot in one resource group: a Linux web app on .NET 10, an Azure Bot (single-tenant) with the Teams
// channel, a storage account for Table Storage, a Key Vault for the secrets, and one user-assigned managed
// identity the app uses for storage, for Key Vault references and, by default, for the bot's own tokens; Application
// Insights on a Log Analytics workspace, and four alert rules (see README.md, "Alerts and first queries").
// Deploy: see docs/deploy.md.

targetScope = 'resourceGroup'

@description('Where the regional resources go. The bot itself is global.')
param location string = resourceGroup().location

@description('Lower-case prefix for resource names; a hash of the resource group keeps them unique.')
@minLength(2)
@maxLength(12)
param namePrefix string = 'partnerbot'

@description('App Service plan size. B1 or above keeps the app always on, which the follow-up jobs need.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@description('How the bot proves who it is. UserAssignedMSI: the managed identity below, no secret to rotate. SingleTenant: an Entra app registration you create, with a client secret.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the app registration\'s Application (client) ID.')
param botAppId string = ''

@description('SingleTenant only: the app registration\'s client secret. Stored in Key Vault; the app reads it through a Key Vault reference.')
@secure()
param botAppPassword string = ''

@description('The Entra tenant the bot belongs to.')
param tenantId string = subscription().tenantId

@description('Azure Bot pricing tier. F0 is free and enough for the Teams channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Optional: an Azure OpenAI (or compatible) endpoint for drafting help. Leave empty to run without a language model.')
param languageEndpoint string = ''

@description('Optional: the deployment (model) name at that endpoint.')
param languageModelId string = ''

@description('Optional: the endpoint\'s API key, stored in Key Vault. Leave empty to use the managed identity instead (grant it "Cognitive Services OpenAI User" on the resource).')
@secure()
param languageApiKey string = ''

@description('The key that signs export links and the partners\' health-check links: base64 of at least 32 random bytes (openssl rand -base64 32). Make it once, keep it with your deployment secrets and pass the same value at every deployment: partner links live 21 days, and a new key ends them all. Empty: a new key at every deployment.')
@secure()
param linkSigningKey string = ''

@description('Only while rotating linkSigningKey: the key it replaces. Links signed with it keep working until they expire; remove it 21 days after the rotation.')
@secure()
param previousLinkSigningKey string = ''

@description('Used only when linkSigningKey is empty: a fresh seed each deployment, so the key changes with every deployment.')
@secure()
param exportLinkSeed string = newGuid()

@description('Optional: a connection string for an existing storage account to use instead of the one created here. Stored in Key Vault; the app then ignores the managed-identity Table endpoint.')
@secure()
param storageConnectionString string = ''

@description('The networks App Service\'s front end reaches the app from (CIDR, comma-separated). Only they may set X-Forwarded-For and X-Forwarded-Proto; on App Service for Linux that is the platform\'s link-local range.')
param trustedFrontEndNetworks string = '169.254.0.0/16'

@description('Optional: an e-mail address the alerts are sent to. Empty: the alerts still fire and show in the portal, but notify nobody.')
param alertEmail string = ''

@description('Days the Log Analytics workspace keeps logs and telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Alert when at least this many inbound requests are refused as unauthorized (401) within 5 minutes.')
@minValue(1)
param unauthorizedBurstThreshold int = 20

@description('Alert when the oldest due outbox message has waited longer than this many seconds.')
@minValue(60)
param outboxOldestDueAgeThresholdSeconds int = 1800

@description('Alert when more than this many outbox messages end as Failed within 15 minutes (0: any one).')
@minValue(0)
param outboxFailedThreshold int = 0

@description('Alert when the share of healthy /health checks over 5 minutes falls below this percentage.')
@minValue(1)
@maxValue(100)
param healthyPercentThreshold int = 80

var suffix = uniqueString(resourceGroup().id)
var appName = '${namePrefix}-${suffix}'
var storageName = take(toLower('st${replace(namePrefix, '-', '')}${suffix}'), 24)
var keyVaultName = take(toLower('kv-${namePrefix}-${suffix}'), 24)
var useBotIdentity = botAppType == 'UserAssignedMSI'
var useLanguage = !empty(languageEndpoint)
var useLanguageKey = useLanguage && !empty(languageApiKey)
var useStorageConnectionString = !empty(storageConnectionString)
var useAlertEmail = !empty(alertEmail)

// Built-in role ids.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${appName}'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The app signs in with its managed identity; account keys are not needed, so they are switched off.
    allowSharedKeyAccess: false
  }
}

resource storageRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource botPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!useBotIdentity) {
  parent: vault
  name: 'bot-app-password'
  properties: {
    value: botAppPassword
  }
}

resource languageKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useLanguageKey) {
  parent: vault
  name: 'language-api-key'
  properties: {
    value: languageApiKey
  }
}

// Every instance must sign and check links with the same key, so it lives in Key Vault.
resource exportSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'export-signing-key'
  properties: {
    value: empty(linkSigningKey) ? base64('${exportLinkSeed}${uniqueString(resourceGroup().id, exportLinkSeed)}${exportLinkSeed}') : linkSigningKey
  }
}

var rotatingLinkKey = !empty(previousLinkSigningKey)

resource previousSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (rotatingLinkKey) {
  parent: vault
  name: 'previous-link-signing-key'
  properties: {
    value: previousLinkSigningKey
  }
}

resource storageConnectionSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (useStorageConnectionString) {
  parent: vault
  name: 'storage-connection-string'
  properties: {
    value: storageConnectionString
  }
}

// Telemetry: workspace-based Application Insights. The app exports its traces and metrics there through OpenTelemetry
// (APPLICATIONINSIGHTS_CONNECTION_STRING below); the alert rules query the same data.
resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${appName}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-${appName}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    IngestionMode: 'LogAnalytics'
  }
}

// The app settings, grouped by when they apply. Keys use the environment form (Section__Key) the app binds.
var commonSettings = [
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'Storage__TableServiceUri'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'Storage__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
  {
    name: 'Bot__TenantId'
    value: tenantId
  }
  {
    name: 'FollowThrough__Export__PublicBaseUrl'
    value: 'https://${appName}.azurewebsites.net'
  }
  {
    name: 'FollowThrough__Export__SigningKey'
    value: '@Microsoft.KeyVault(SecretUri=${exportSigningKeySecret.properties.secretUri})'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: insights.properties.ConnectionString
  }
  {
    name: 'Edge__ForwardedHeaders__KnownNetworks'
    value: trustedFrontEndNetworks
  }
]

var managedIdentityBotSettings = [
  {
    name: 'Bot__AppType'
    value: 'UserAssignedMSI'
  }
  {
    name: 'Bot__AppId'
    value: identity.properties.clientId
  }
  {
    name: 'Bot__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
]

var clientSecretBotSettings = [
  {
    name: 'Bot__AppType'
    value: 'SingleTenant'
  }
  {
    name: 'Bot__AppId'
    value: botAppId
  }
  {
    name: 'Bot__AppPassword'
    value: useBotIdentity ? '' : '@Microsoft.KeyVault(SecretUri=${botPasswordSecret!.properties.secretUri})'
  }
]

var storageConnectionStringSettings = [
  {
    name: 'Storage__ConnectionString'
    value: useStorageConnectionString ? '@Microsoft.KeyVault(SecretUri=${storageConnectionSecret!.properties.secretUri})' : ''
  }
]

var languageSettings = [
  {
    name: 'Language__Endpoint'
    value: languageEndpoint
  }
  {
    name: 'Language__ModelId'
    value: languageModelId
  }
]

var languageKeySettings = [
  {
    name: 'Language__ApiKey'
    value: useLanguageKey ? '@Microsoft.KeyVault(SecretUri=${languageKeySecret!.properties.secretUri})' : ''
  }
]

var languageIdentitySettings = [
  {
    name: 'Language__UseManagedIdentity'
    value: 'true'
  }
  {
    name: 'Language__ManagedIdentityClientId'
    value: identity.properties.clientId
  }
]

var rotatingLinkKeySettings = [
  {
    name: 'FollowThrough__Export__PreviousSigningKey'
    value: rotatingLinkKey ? '@Microsoft.KeyVault(SecretUri=${previousSigningKeySecret!.properties.secretUri})' : ''
  }
]

var appSettings = concat(commonSettings, rotatingLinkKey ? rotatingLinkKeySettings : [], useBotIdentity ? managedIdentityBotSettings : clientSecretBotSettings, useStorageConnectionString ? storageConnectionStringSettings : [], useLanguage ? languageSettings : [], useLanguage ? (useLanguageKey ? languageKeySettings : languageIdentitySettings) : [])

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: 'plan-${appName}'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the same identity that holds the Key Vault Secrets User role.
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      appCommandLine: 'dotnet PartnerBot.Web.dll'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/health'
      appSettings: appSettings
    }
  }
  dependsOn: [
    storageRole
    vaultRole
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: appName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: 'PartnerBot'
    endpoint: 'https://${site.properties.defaultHostName}/api/messages'
    msaAppType: botAppType
    msaAppId: useBotIdentity ? identity.properties.clientId : botAppId
    msaAppTenantId: tenantId
    msaAppMSIResourceId: useBotIdentity ? identity.id : null
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Alerts: four conditions an operator must hear about. The metrics are the app's own OpenTelemetry instruments, which
// reach Application Insights as customMetrics (one row per export interval: valueSum for a counter, valueMax for a
// gauge); each query keeps the rows' timestamp, and the rule adds them up over its window. /health is the platform's
// HealthCheckStatus metric.
resource alertGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (useAlertEmail) {
  name: 'ag-${appName}'
  location: 'global'
  properties: {
    groupShortName: 'partnerbot'
    enabled: true
    emailReceivers: [
      {
        name: 'operator'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var alertActionGroups = useAlertEmail ? [alertGroup.id] : []

resource unauthorizedAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${appName}-inbound-401'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'PartnerBot: burst of unauthorized inbound requests'
    description: 'At least ${unauthorizedBurstThreshold} requests to /api/messages refused with 401 within 5 minutes: forged or misdirected traffic, or a broken bot identity.'
    severity: 2
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT5M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "partnerbot.inbound.unauthorized" | extend Unauthorized = valueSum'
          timeAggregation: 'Total'
          metricMeasureColumn: 'Unauthorized'
          operator: 'GreaterThanOrEqual'
          threshold: unauthorizedBurstThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: alertActionGroups
    }
  }
}

resource outboxAgeAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${appName}-outbox-age'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'PartnerBot: outbox messages waiting too long'
    description: 'The oldest due outbox message has waited more than ${outboxOldestDueAgeThresholdSeconds} seconds: the dispatcher is stopped, or Teams or storage refuses it.'
    severity: 2
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "partnerbot.outbox.oldest_due_age" | extend OldestDueAgeSeconds = valueMax'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'OldestDueAgeSeconds'
          operator: 'GreaterThan'
          threshold: outboxOldestDueAgeThresholdSeconds
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: alertActionGroups
    }
  }
}

resource outboxFailedAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: 'alert-${appName}-outbox-failed'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'PartnerBot: an outbox message failed'
    description: 'More than ${outboxFailedThreshold} outbox messages ended as Failed within 15 minutes: someone did not get a nudge or digest, and it will not be retried.'
    severity: 2
    enabled: true
    scopes: [
      insights.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "partnerbot.outbox.failed" | extend Failed = valueSum'
          timeAggregation: 'Total'
          metricMeasureColumn: 'Failed'
          operator: 'GreaterThan'
          threshold: outboxFailedThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: alertActionGroups
    }
  }
}

resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'alert-${appName}-health'
  location: 'global'
  properties: {
    description: 'App Service\'s checks of /health (the app and its Table Storage) fail: fewer than ${healthyPercentThreshold}% healthy over 5 minutes.'
    severity: 1
    enabled: true
    scopes: [
      site.id
    ]
    evaluationFrequency: 'PT1M'
    windowSize: 'PT5M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'HealthCheckFailing'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'HealthCheckStatus'
          operator: 'LessThan'
          threshold: healthyPercentThreshold
          timeAggregation: 'Average'
        }
      ]
    }
    autoMitigate: true
    actions: useAlertEmail
      ? [
          {
            actionGroupId: alertGroup.id
          }
        ]
      : []
  }
}

@description('The web app to publish to (az webapp deploy --name).')
output webAppName string = site.name

@description('The bot\'s messaging endpoint, as registered on the Azure Bot.')
output messagingEndpoint string = 'https://${site.properties.defaultHostName}/api/messages'

@description('The bot id for the Teams app package (build-package.sh --bot-id).')
output botAppId string = bot.properties.msaAppId

@description('The managed identity\'s client id, e.g. for granting it a role on an Azure OpenAI resource.')
output managedIdentityClientId string = identity.properties.clientId

@description('The managed identity\'s principal (object) id, for az role assignment create --assignee-object-id.')
output managedIdentityPrincipalId string = identity.properties.principalId

@description('The Table Storage endpoint the app uses.')
output tableServiceUri string = storage.properties.primaryEndpoints.table

@description('The Application Insights resource the app sends its telemetry to (the first queries: README.md).')
output applicationInsightsName string = insights.name
