// Test parameters: the default mode deployed by a CI pipeline signed in as a service principal (AZURE_PRINCIPAL_TYPE=ServicePrincipal).
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param principalId = '22222222-2222-2222-2222-222222222222'
param principalType = 'ServicePrincipal'
param onPremConnectivity = 'agent'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
param agentAppId = 'b7f3e2d1-4c5b-4a69-8e7f-0a1b2c3d4e5f'
param agentBaseDns = ['OU=Staff,DC=corp,DC=contoso,DC=com']
