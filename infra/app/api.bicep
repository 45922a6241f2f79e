// The Function App and its plan, per connectivity mode:
//   agent            -> Flex Consumption (FC1) Linux; the deployment package lives in blob storage (identity auth).
//   hybridConnection -> Dedicated (App Service) plan, Windows, Always On: App Service Hybrid Connections need Windows
//                       and Basic or higher. A Dedicated plan has no Azure Files content share to need a storage
//                       key, so the zip azd deploys runs from d:\home\data\SitePackages (WEBSITE_RUN_FROM_PACKAGE=1)
//                       on every instance. Elastic Premium without that share would need the package as a blob URL
//                       instead (infra/README.md, "Hosting plans").
// App settings are exactly the option names the code binds (`Section__Property`) plus the platform's own;
// tests/ImmutableId.Infra.Tests proves it against the option classes.
param name string
param planName string
param location string
param tags object
param onPremConnectivity string
@description('hybridConnection mode: the Dedicated plan size (B1…P3v3).')
param hybridConnectionPlanSku string = 'P0v3'
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultName string
param agentId string
param agentAppId string
param agentBaseDns array
param agentUpnDomains array
param agentStaleAfter string
param ldapServer string
param ldapPort int
param ldapBaseDns array
param ldapBindUserName string
param ldapBindPasswordSecretName string
param ldapCredentialSource string
param ldapTrustedCaPath string
param allowedUpnDomains array
param allowedOrganizationalUnits array
param allowReplace bool
param apiAppClientId string
param apiAppIdUri string
param enableAppServiceAuthentication bool
param cloudSyncServicePrincipalId string = ''
param cloudSyncJobId string = ''
param cloudSyncRuleId string = ''

var isAgent = onPremConnectivity == 'agent'
// Tier per SKU family: B = Basic, S = Standard, P…v3 = PremiumV3.
var dedicatedTiers = { B: 'Basic', S: 'Standard', P: 'PremiumV3' }
var audiences = filter([apiAppIdUri, apiAppClientId], audience => !empty(audience))

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: isAgent ? 'functionapp' : 'app'
  sku: isAgent
    ? { name: 'FC1', tier: 'FlexConsumption' }
    : { name: hybridConnectionPlanSku, tier: dedicatedTiers[substring(hybridConnectionPlanSku, 0, 1)], capacity: 1 }
  properties: {
    reserved: isAgent // true = Linux
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' }) // azd deploys the `api` service to the one resource with this tag
  kind: isAgent ? 'functionapp,linux' : 'functionapp'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientCertEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Dedicated plan: Always On (no idle unload; the timer and queue triggers need it), and the platform health check
      // on liveness, not readiness: App Service takes an instance that fails it out of rotation and replaces it after
      // an hour, which cures a stuck process but not a DC, Hybrid Connection Manager or Graph outage — those fail on
      // every instance at once. Readiness is alerted on instead (readiness-alert.bicep). Flex Consumption has neither.
      ...(isAgent
        ? {}
        : { netFrameworkVersion: 'v10.0', use32BitWorkerProcess: false, alwaysOn: true, healthCheckPath: '/api/health' })
    }
    ...(isAgent
      ? {
          functionAppConfig: {
            deployment: {
              storage: {
                type: 'blobContainer'
                value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
                authentication: {
                  type: 'UserAssignedIdentity'
                  userAssignedIdentityResourceId: identityId
                }
              }
            }
            scaleAndConcurrency: {
              maximumInstanceCount: 40
              instanceMemoryMB: 2048
            }
            runtime: {
              name: 'dotnet-isolated'
              version: '10.0'
            }
          }
        }
      : {})
  }
}

// Platform settings: host storage through the identity, telemetry with Entra auth, the identity for
// DefaultAzureCredential. Flex Consumption takes the runtime from functionAppConfig and refuses FUNCTIONS_* settings.
var platformSettings = union(
  {
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    AZURE_CLIENT_ID: identityClientId
    // The worker's gen0 budget cap (docs/performance.md), also as the runtime's own variable: the build writes it into
    // the worker's runtimeconfig.json, but a worker started from a placeholder may run before that file is read.
    DOTNET_GCGen0MaxBudget: '0x1000000'
  },
  isAgent
    ? {}
    : {
        FUNCTIONS_EXTENSION_VERSION: '~4'
        FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
        WEBSITE_RUN_FROM_PACKAGE: '1'
      }
)

// Options the code binds (Section__Property; list items Section__Property__N).
var entraSettings = {
  Entra__GraphBaseUrl: '${environment().graph}v1.0'
  Entra__Credential: 'ManagedIdentity'
  Entra__ManagedIdentityClientId: identityClientId
}

var storageSettings = {
  Storage__Provider: 'AzureTables'
  Storage__TableServiceUri: storage.properties.primaryEndpoints.table
  Storage__ManagedIdentityClientId: identityClientId
  // Bulk jobs: the queue the API fills and the queue-triggered ProcessJobItem function drains (connection JobsQueue,
  // identity-based); the queue is created on first use.
  Jobs__QueueName: 'immutableid-jobs'
  JobsQueue__queueServiceUri: storage.properties.primaryEndpoints.queue
  JobsQueue__credential: 'managedidentity'
  JobsQueue__clientId: identityClientId
}

var authSettings = union(
  {
    Auth__TenantId: tenant().tenantId
    Auth__Instance: environment().authentication.loginEndpoint
  },
  toObject(range(0, length(audiences)), i => 'Auth__Audiences__${i}', i => audiences[i])
)

var policySettings = union(
  { Policy__AllowReplace: allowReplace ? 'true' : 'false' },
  toObject(range(0, length(allowedUpnDomains)), i => 'Policy__AllowedUpnDomains__${i}', i => allowedUpnDomains[i]),
  toObject(
    range(0, length(allowedOrganizationalUnits)),
    i => 'Policy__AllowedOrganizationalUnits__${i}',
    i => allowedOrganizationalUnits[i]
  )
)

// Cloud Sync provision on demand: only when configured (the code calls nothing without it).
var syncSettings = empty(cloudSyncServicePrincipalId)
  ? {}
  : {
      Sync__CloudSync__ServicePrincipalId: cloudSyncServicePrincipalId
      ...(empty(cloudSyncJobId) ? {} : { Sync__CloudSync__JobId: cloudSyncJobId })
      ...(empty(cloudSyncRuleId) ? {} : { Sync__CloudSync__RuleId: cloudSyncRuleId })
    }

var ldapPasswordSettings = ldapCredentialSource == 'secretClient'
  ? {
      OnPrem__KeyVaultUri: keyVault.properties.vaultUri
      OnPrem__BindPasswordSecretName: ldapBindPasswordSecretName
      OnPrem__ManagedIdentityClientId: identityClientId
    }
  : {
      OnPrem__BindPassword: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=${ldapBindPasswordSecretName})'
    }

// agent mode: the one agent the API accepts (POST /api/agent/batches) and what it may post.
var agentBaseDnsEffective = empty(agentBaseDns) ? filter(allowedOrganizationalUnits, ou => ou != '*') : agentBaseDns
var agentUpnDomainsEffective = empty(agentUpnDomains) ? allowedUpnDomains : agentUpnDomains
var agentSettings = union(
  {
    OnPrem__Mode: 'Agent'
    Agents__Bindings__0__Id: agentId
    Agents__Bindings__0__AppId: agentAppId
    Agents__StaleAfter: agentStaleAfter
  },
  toObject(range(0, length(agentBaseDnsEffective)), i => 'Agents__Bindings__0__BaseDns__${i}', i => agentBaseDnsEffective[i]),
  toObject(range(0, length(agentUpnDomainsEffective)), i => 'Agents__Bindings__0__UpnDomains__${i}', i => agentUpnDomainsEffective[i])
)

var onPremSettings = isAgent
  ? agentSettings
  : union(
      {
        OnPrem__Mode: 'Ldap'
        OnPrem__Server: ldapServer
        OnPrem__Port: string(ldapPort)
        OnPrem__Transport: 'Ldaps'
        ...(empty(ldapTrustedCaPath) ? {} : { OnPrem__TrustedCaPath: ldapTrustedCaPath })
        OnPrem__BindMode: 'Simple'
        OnPrem__BindUserName: ldapBindUserName
      },
      toObject(range(0, length(ldapBaseDns)), i => 'OnPrem__BaseDns__${i}', i => ldapBaseDns[i]),
      ldapPasswordSettings
    )

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(platformSettings, entraSettings, storageSettings, authSettings, policySettings, onPremSettings, syncSettings)
}

// No publishing with user names and passwords: azd deploys with an Entra token.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: { allow: false }
}

// Optional Easy Auth in front: rejects requests without a valid token for the API app registration before they
// reach the code. The code still checks the token and the app role (Easy Auth does not check roles).
resource authentication 'Microsoft.Web/sites/config@2024-11-01' = if (enableAppServiceAuthentication) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: { enabled: true }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: ['/api/health', '/api/openapi/v3.json', '/api/openapi/v2.json']
    }
    httpSettings: { requireHttps: true }
    login: { tokenStore: { enabled: false } }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: apiAppClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: { allowedAudiences: audiences }
      }
    }
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
