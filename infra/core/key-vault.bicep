// Key Vault in RBAC mode (no access policies): the app's identity reads secrets as Key Vault Secrets User.
// The LDAP bind password is set by an operator after provisioning; it never passes through a template.
param name string
param location string
param tags object

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = keyVault.name
output uri string = keyVault.properties.vaultUri
