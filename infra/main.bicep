// ImmutableId Functions: everything `azd up` provisions. Subscription scope: creates the resource group, then thin
// modules. No keys anywhere the app authenticates: one user-assigned identity reaches storage, Application
// Insights, Key Vault and Microsoft Graph (the Graph app roles are granted by infra/scripts/grant-graph-permissions.ps1,
// run by the postprovision hook in azure.yaml).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used in the resource group name and for the resource token.')
param environmentName string

@minLength(1)
@description('Primary location for all resources. No allow-list here: the agent mode\'s Flex Consumption plan exists in fewer regions than the hybridConnection mode\'s Dedicated plan, and a copied list goes stale; `az functionapp list-flexconsumption-locations` answers the current Flex regions, and ARM refuses FC1 elsewhere.')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the user or service principal running azd; gets Key Vault Secrets Officer to set the LDAP bind password. Empty: no role.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal'])
@description('Type of principalId: User for a person running azd, ServicePrincipal for a CI pipeline (main.parameters.json maps AZURE_PRINCIPAL_TYPE).')
param principalType string = 'User'

@allowed(['agent', 'hybridConnection'])
@description('How the app reaches on-prem AD: agent (an on-prem agent posts anchors; Flex Consumption Linux) or hybridConnection (LDAPS to one pinned DC through an App Service Hybrid Connection; Dedicated App Service plan, Windows, Always On).')
param onPremConnectivity string = 'agent'

@allowed(['B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3', 'P3v3'])
@description('hybridConnection mode: size of the Dedicated (App Service) plan, Windows. Hybrid Connections need Basic or higher (Basic 5 per plan, Standard 25, Premium 200); Always On needs Basic or higher too.')
param hybridConnectionPlanSku string = 'P0v3'

@description('agent mode: the agent\'s name in the API (Agents__Bindings__0__Id), shown by GET /api/agents.')
param agentId string = 'onprem-agent-1'

@description('agent mode: client id of the agent\'s identity (the Arc-enabled server\'s managed identity, or an app registration with a certificate): the appid in its tokens. Empty: the app refuses to start until it is set (azd env set AGENT_APP_ID <client id>; azd provision).')
param agentAppId string = ''

@description('agent mode: DNs the agent may post users under. Empty: the allowedOrganizationalUnits (without "*").')
param agentBaseDns array = []

@description('agent mode: UPN domains the agent may post. Empty: the allowedUpnDomains.')
param agentUpnDomains array = []

@description('agent mode: how old the agent\'s last sync may be before writes are refused (Agents__StaleAfter).')
param agentStaleAfter string = '01:00:00'

@description('hybridConnection mode: the DC host name (FQDN, as in its LDAPS certificate) the Hybrid Connection points at.')
param ldapServer string = ''

@description('hybridConnection mode: LDAPS port on the DC.')
param ldapPort int = 636

@description('hybridConnection mode: base DNs to search, e.g. ["DC=contoso,DC=com"].')
param ldapBaseDns array = []

@description('hybridConnection mode: the read-only bind account (UPN or DN). Its password lives in Key Vault only.')
param ldapBindUserName string = ''

@description('hybridConnection mode: name of the Key Vault secret holding the bind password (set it after provisioning).')
param ldapBindPasswordSecretName string = 'ldap-bind-password'

@allowed(['secretClient', 'keyVaultReference'])
@description('How the app gets the bind password: secretClient (the app reads Key Vault itself and re-reads after a failed bind: rotation needs no restart) or keyVaultReference (an App Service Key Vault reference; rotation is picked up on restart or within 24 h).')
param ldapCredentialSource string = 'secretClient'

@description('hybridConnection mode: path of the on-prem CA certificate (PEM) in the deployed package (src/ImmutableId.Functions/certs/onprem-ca.pem lands in D:\\home\\site\\wwwroot\\certs); the app trusts only it for LDAPS. Empty: the Windows trust store.')
param ldapTrustedCaPath string = 'D:\\home\\site\\wwwroot\\certs\\onprem-ca.pem'

@minLength(1)
@description('UPN domains the API may touch, e.g. ["contoso.com"]; ["*"] allows any, on purpose. Required: an empty list refuses every user, so the app would not start.')
param allowedUpnDomains array

@minLength(1)
@description('On-prem OUs (DN suffixes) the API may touch, e.g. ["OU=Staff,DC=corp,DC=contoso,DC=com"]; ["*"] allows any. Required, as above.')
param allowedOrganizationalUnits array

@description('Whether a set may replace an immutable ID that is already set (with replace=true in the request).')
param allowReplace bool = false

@description('Application (client) id of the API app registration callers get tokens for. Empty: audience is the app id URI only.')
param apiAppClientId string = ''

@minLength(1)
@description('Application ID URI of the API app registration, e.g. api://immutableid: the audience the app accepts.')
param apiAppIdUri string

@description('Also put App Service Authentication (Entra ID) in front of the app, from the API app registration. The app validates tokens itself either way.')
param enableAppServiceAuthentication bool = false

@description('E-mail address the readiness alert (availability test on /api/health?ready=true) notifies. Empty: the alert fires in Azure Monitor only.')
param alertEmailAddress string = ''

@description('Cloud Sync provision on demand: the Cloud Sync configuration\'s service principal object id. Empty (default): not configured, and the identity does not get Synchronization.ReadWrite.All.')
param cloudSyncServicePrincipalId string = ''

@description('Cloud Sync provision on demand: the configuration\'s synchronization job id; empty = the service principal\'s one AD2AADProvisioning job, discovered on first use.')
param cloudSyncJobId string = ''

@description('Cloud Sync provision on demand: the schema rule id; empty = read from the job schema on first use.')
param cloudSyncRuleId string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var isHybridConnection = onPremConnectivity == 'hybridConnection'
// Names are computed here, not taken from module outputs, so What-If can predict every resource.
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

// Inputs that compile but would deploy an app that cannot start (or Easy Auth with `clientId: ''`). ARM evaluates
// this variable while validating the template, so such a deployment stops before it creates anything, saying what
// to set.
var inputProblems = filter(
  [
    enableAppServiceAuthentication && empty(apiAppClientId)
      ? 'ENABLE_APP_SERVICE_AUTHENTICATION is true but API_APP_CLIENT_ID is empty: azd env set API_APP_CLIENT_ID <application (client) id of the API app registration>, or azd env set ENABLE_APP_SERVICE_AUTHENTICATION false.'
      : ''
    isHybridConnection && empty(trim(ldapServer))
      ? 'ON_PREM_CONNECTIVITY=hybridConnection needs the domain controller: azd env set LDAP_SERVER <DC host name as in its LDAPS certificate>.'
      : ''
    isHybridConnection && (empty(ldapBaseDns) || contains(ldapBaseDns, ''))
      ? 'ON_PREM_CONNECTIVITY=hybridConnection needs the base DNs to search: azd env set LDAP_BASE_DNS \'["DC=corp,DC=contoso,DC=com"]\'.'
      : ''
    isHybridConnection && empty(trim(ldapBindUserName))
      ? 'ON_PREM_CONNECTIVITY=hybridConnection needs the read-only bind account: azd env set LDAP_BIND_USER_NAME <UPN or DN>.'
      : ''
  ],
  problem => !empty(problem)
)
var checkedEnvironmentName = empty(inputProblems)
  ? environmentName
  : fail('Fix these azd environment values, then run azd provision again: ${join(inputProblems, ' ')}')

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${checkedEnvironmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'core/key-vault.bicep' = {
  name: 'keyVault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    identityName: identityName
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  dependsOn: [identity, storage, monitoring, keyVault]
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    onPremConnectivity: onPremConnectivity
    hybridConnectionPlanSku: hybridConnectionPlanSku
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    agentId: agentId
    agentAppId: agentAppId
    agentBaseDns: agentBaseDns
    agentUpnDomains: agentUpnDomains
    agentStaleAfter: agentStaleAfter
    ldapServer: ldapServer
    ldapPort: ldapPort
    ldapBaseDns: ldapBaseDns
    ldapBindUserName: ldapBindUserName
    ldapBindPasswordSecretName: ldapBindPasswordSecretName
    ldapCredentialSource: ldapCredentialSource
    ldapTrustedCaPath: ldapTrustedCaPath
    allowedUpnDomains: allowedUpnDomains
    allowedOrganizationalUnits: allowedOrganizationalUnits
    allowReplace: allowReplace
    apiAppClientId: apiAppClientId
    apiAppIdUri: apiAppIdUri
    enableAppServiceAuthentication: enableAppServiceAuthentication
    cloudSyncServicePrincipalId: cloudSyncServicePrincipalId
    cloudSyncJobId: cloudSyncJobId
    cloudSyncRuleId: cloudSyncRuleId
  }
  // The app's identity must hold its data roles before the host starts and reaches storage.
  dependsOn: [rbac, storage, monitoring, keyVault]
}

// The platform health check (Dedicated plan) probes liveness only; readiness (Graph, the DC through the Hybrid
// Connection Manager or the agent's freshness, storage) is watched from outside by an availability test and alert,
// so an outage of a dependency alerts instead of making App Service replace healthy instances.
module readinessAlert 'app/readiness-alert.bicep' = {
  name: 'readinessAlert'
  scope: rg
  params: {
    webTestName: 'webtest-ready-${resourceToken}'
    alertName: 'alert-ready-${resourceToken}'
    actionGroupName: 'ag-ready-${resourceToken}'
    location: location
    tags: tags
    applicationInsightsName: applicationInsightsName
    readinessUrl: '${api.outputs.uri}/api/health?ready=true'
    alertEmailAddress: alertEmailAddress
  }
  dependsOn: [monitoring]
}

module hybridConnection 'app/hybrid-connection.bicep' = if (isHybridConnection) {
  name: 'hybridConnection'
  scope: rg
  params: {
    namespaceName: '${abbrs.relayNamespaces}${resourceToken}'
    hybridConnectionName: '${abbrs.relayNamespacesHybridConnections}ldaps-${resourceToken}'
    location: location
    tags: tags
    functionAppName: functionAppName
    ldapServer: ldapServer
    ldapPort: ldapPort
  }
  dependsOn: [api]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output ON_PREM_CONNECTIVITY string = onPremConnectivity
output SERVICE_API_NAME string = api.outputs.name
output SERVICE_API_URI string = api.outputs.uri
output SERVICE_API_ENDPOINT_URL string = api.outputs.uri
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_NAME string = api.outputs.name
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AGENT_ID string = onPremConnectivity == 'agent' ? agentId : ''
output AGENT_APP_ID string = onPremConnectivity == 'agent' ? agentAppId : ''
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output RELAY_NAMESPACE_NAME string = isHybridConnection ? hybridConnection!.outputs.namespaceName : ''
// The postprovision hook grants Synchronization.ReadWrite.All only when this is set (grant-graph-permissions.ps1).
output CLOUD_SYNC_SERVICE_PRINCIPAL_ID string = cloudSyncServicePrincipalId
output HYBRID_CONNECTION_NAME string = isHybridConnection ? hybridConnection!.outputs.hybridConnectionName : ''
