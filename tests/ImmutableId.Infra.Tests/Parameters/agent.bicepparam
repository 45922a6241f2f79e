// Test parameters for the default mode: an on-prem agent posts anchors; Flex Consumption Linux; no Easy Auth.
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param principalId = '11111111-1111-1111-1111-111111111111'
param onPremConnectivity = 'agent'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
