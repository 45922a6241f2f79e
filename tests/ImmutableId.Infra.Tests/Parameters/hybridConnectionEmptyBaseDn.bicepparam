// Invalid on purpose: hybridConnection mode with a DC but an empty base DN entry.
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param onPremConnectivity = 'hybridConnection'
param ldapServer = 'dc01.corp.contoso.com'
param ldapBaseDns = ['']
param ldapBindUserName = 'svc-immutableid@corp.contoso.com'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
