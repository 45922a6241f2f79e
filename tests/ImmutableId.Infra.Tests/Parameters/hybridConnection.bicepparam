// Test parameters for LDAPS through an App Service Hybrid Connection, with Easy Auth in front.
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param onPremConnectivity = 'hybridConnection'
param ldapServer = 'dc01.corp.contoso.com'
param ldapBaseDns = ['DC=corp,DC=contoso,DC=com', 'OU=Cloud,DC=corp,DC=contoso,DC=com']
param ldapBindUserName = 'svc-immutableid@corp.contoso.com'
param allowedUpnDomains = ['contoso.com', 'fabrikam.com']
param allowedOrganizationalUnits = ['OU=Users,DC=corp,DC=contoso,DC=com']
param allowReplace = true
param apiAppClientId = '22222222-2222-2222-2222-222222222222'
param apiAppIdUri = 'api://immutableid-test'
param enableAppServiceAuthentication = true
