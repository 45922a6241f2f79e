// Test parameters: hybridConnection with the bind password as an App Service Key Vault reference.
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param onPremConnectivity = 'hybridConnection'
param ldapServer = 'dc01.corp.contoso.com'
param ldapBaseDns = ['DC=corp,DC=contoso,DC=com']
param ldapBindUserName = 'svc-immutableid@corp.contoso.com'
param ldapCredentialSource = 'keyVaultReference'
param allowedOrganizationalUnits = ['*']
param allowedUpnDomains = ['*']
param apiAppIdUri = 'api://immutableid-test'
// Cloud Sync provision on demand configured (rule id read from the job schema).
param cloudSyncServicePrincipalId = '55555555-0000-4000-8000-000000000001'
param cloudSyncJobId = 'AD2AADProvisioning.0123456789abcdef.11111111-2222-3333-4444-555555555555'
