// Test parameters for the default mode: an on-prem agent posts anchors; Flex Consumption Linux; no Easy Auth.
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param onPremConnectivity = 'agent'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
param agentAppId = 'b7f3e2d1-4c5b-4a69-8e7f-0a1b2c3d4e5f'
param agentBaseDns = ['OU=Staff,DC=corp,DC=contoso,DC=com']
