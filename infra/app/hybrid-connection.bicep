// hybridConnection mode: an Azure Relay namespace and one hybrid connection whose endpoint is the pinned DC on
// LDAPS, attached to the Function App. The on-prem Hybrid Connection Manager listens with `defaultListener`; the
// app sends with `defaultSender`. Hybrid Connections authenticate with SAS keys by design (threats.md #10): the
// send key goes from the relay straight into the site resource here and is never output or stored elsewhere.
param namespaceName string
param hybridConnectionName string
param location string
param tags object
param functionAppName string
param ldapServer string
param ldapPort int

resource relay 'Microsoft.Relay/namespaces@2021-11-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: { name: 'Standard', tier: 'Standard' }
}

resource hybridConnection 'Microsoft.Relay/namespaces/hybridConnections@2021-11-01' = {
  parent: relay
  name: hybridConnectionName
  properties: {
    requiresClientAuthorization: true
    // The shape App Service and the Hybrid Connection Manager read the endpoint from.
    userMetadata: string([{ key: 'endpoint', value: '${ldapServer}:${ldapPort}' }])
  }
}

resource listener 'Microsoft.Relay/namespaces/hybridConnections/authorizationRules@2021-11-01' = {
  parent: hybridConnection
  name: 'defaultListener'
  properties: { rights: ['Listen'] }
}

resource sender 'Microsoft.Relay/namespaces/hybridConnections/authorizationRules@2021-11-01' = {
  parent: hybridConnection
  name: 'defaultSender'
  properties: { rights: ['Send'] }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource appHybridConnection 'Microsoft.Web/sites/hybridConnectionNamespaces/relays@2024-11-01' = {
  name: '${functionApp.name}/${relay.name}/${hybridConnection.name}'
  properties: {
    serviceBusNamespace: relay.name
    serviceBusSuffix: replace(replace(relay.properties.serviceBusEndpoint, 'https://${relay.name}', ''), ':443/', '')
    relayName: hybridConnection.name
    relayArmUri: hybridConnection.id
    hostname: ldapServer
    port: ldapPort
    sendKeyName: sender.name
    sendKeyValue: sender.listKeys().primaryKey
  }
  dependsOn: [listener]
}

output namespaceName string = relay.name
output hybridConnectionName string = hybridConnection.name
