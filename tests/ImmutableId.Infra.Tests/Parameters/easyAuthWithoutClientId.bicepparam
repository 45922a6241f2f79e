// Invalid on purpose: Easy Auth on without the API app registration's client id (would deploy clientId: '').
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param onPremConnectivity = 'agent'
param agentAppId = 'b7f3e2d1-4c5b-4a69-8e7f-0a1b2c3d4e5f'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
param enableAppServiceAuthentication = true
