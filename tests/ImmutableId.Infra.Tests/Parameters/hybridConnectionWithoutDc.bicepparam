// Invalid on purpose: hybridConnection mode with no DC, no base DN and no bind account (would deploy a relay link
// with an empty host and an app that cannot start).
using '../../../infra/main.bicep'

param environmentName = 'infratest'
param location = 'westeurope'
param onPremConnectivity = 'hybridConnection'
param allowedUpnDomains = ['contoso.com']
param allowedOrganizationalUnits = ['*']
param apiAppIdUri = 'api://immutableid-test'
