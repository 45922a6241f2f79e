// hybridConnection mode (a Dedicated plan, not Flex Consumption) in a region the old Flex-only allow-list left out,
// with the readiness alert mailing someone.
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'brazilsouth'
param onPremConnectivity = 'hybridConnection'
param hybridConnectionPlanSku = 'S1'
param ldapServer = 'dc01.corp.contoso.com'
param ldapBaseDns = ['DC=corp,DC=contoso,DC=com']
param ldapBindUserName = 'svc-immutableid@corp.contoso.com'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
param alertEmailAddress = 'ops@contoso.com'
