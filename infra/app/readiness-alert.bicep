// Readiness, watched from outside: an Application Insights standard availability test calls
// GET /api/health?ready=true (anonymous; Easy Auth excludes /api/health) from three regions, and a metric alert fires
// when it fails from two of them. The platform health check probes liveness only (api.bicep), so a dependency outage
// alerts here instead of making App Service replace instances that are fine.
param webTestName string
param alertName string
param actionGroupName string
param location string
param tags object
param applicationInsightsName string
@description('The readiness URL, e.g. https://<app>.azurewebsites.net/api/health?ready=true.')
param readinessUrl string
@description('E-mail address to notify; empty: no action group, the alert fires in Azure Monitor only.')
param alertEmailAddress string = ''

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource webTest 'Microsoft.Insights/webtests@2022-06-15' = {
  name: webTestName
  location: location
  // The hidden-link tag ties the test to its Application Insights resource (required by the portal and the alert).
  tags: union(tags, { 'hidden-link:${applicationInsights.id}': 'Resource' })
  kind: 'standard'
  properties: {
    SyntheticMonitorId: webTestName
    Name: 'readiness (/api/health?ready=true)'
    Kind: 'standard'
    Enabled: true
    Frequency: 300
    Timeout: 30
    RetryEnabled: true
    Locations: [
      { Id: 'emea-nl-ams-azr' } // West Europe
      { Id: 'us-va-ash-azr' } // East US
      { Id: 'apac-sg-sin-azr' } // Southeast Asia
    ]
    Request: {
      RequestUrl: readinessUrl
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: {
      ExpectedHttpStatusCode: 200
      SSLCheck: true
      SSLCertRemainingLifetimeCheck: 7
    }
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmailAddress)) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'immutableid'
    enabled: true
    emailReceivers: [
      { name: 'readiness', emailAddress: alertEmailAddress, useCommonAlertSchema: true }
    ]
  }
}

resource alert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: alertName
  location: 'global'
  tags: tags
  properties: {
    description: 'ImmutableId API not ready (GET /api/health?ready=true failed from 2 of 3 locations): Graph, the on-prem side (Hybrid Connection Manager and DC, or the agent) or storage. The answer body names the dependency.'
    severity: 2
    enabled: true
    scopes: [webTest.id, applicationInsights.id]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: webTest.id
      componentId: applicationInsights.id
      failedLocationCount: 2
    }
    actions: empty(alertEmailAddress) ? [] : [{ actionGroupId: actionGroup.id }]
  }
}

output webTestName string = webTest.name
output alertName string = alert.name
