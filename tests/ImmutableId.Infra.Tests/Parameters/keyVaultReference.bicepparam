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
