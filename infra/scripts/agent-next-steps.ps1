#!/usr/bin/env pwsh
#Requires -Version 7.0
<#
.SYNOPSIS
    Prints how to register and install the on-prem agent (ON_PREM_CONNECTIVITY=agent), with this environment's values.
.DESCRIPTION
    Run at the end of the postprovision hook (grant-graph-permissions.ps1) in agent mode, or by hand. Reads azd's
    outputs and settings from the environment (SERVICE_API_URI, AGENT_ID, AGENT_APP_ID, API_APP_ID_URI,
    API_APP_CLIENT_ID). Changes nothing.
#>
Set-StrictMode -Version Latest
$api = if ($env:SERVICE_API_URI) { $env:SERVICE_API_URI } else { 'https://<app>.azurewebsites.net' }
$agentId = if ($env:AGENT_ID) { $env:AGENT_ID } else { 'onprem-agent-1' }
$appIdUri = if ($env:API_APP_ID_URI) { $env:API_APP_ID_URI } else { 'api://<API app id>' }
$apiClient = if ($env:API_APP_CLIENT_ID) { $env:API_APP_CLIENT_ID } else { '<API app client id>' }
$bound = if ($env:AGENT_APP_ID) { "bound to client id $($env:AGENT_APP_ID)" } else { 'NOT bound yet: the app refuses to start until AGENT_APP_ID is set (step 3)' }

Write-Host @"

On-prem agent (ON_PREM_CONNECTIVITY=agent): the API accepts one agent, '$agentId', $bound.
 1. Pick the agent's identity (never a shared secret):
      - an Azure Arc-enabled server: its system-assigned managed identity; client id:
          az connectedmachine show -g <rg> -n <server> --query identity.principalId -o tsv   # then: az ad sp show --id <principalId> --query appId -o tsv
      - or an app registration with a certificate:
          az ad app create --display-name "ImmutableId Agent" --query appId -o tsv
          az ad app credential reset --id <agent app id> --cert @agent.pem     # install the .pfx in LocalMachine\My on the server
 2. Give it the app role ImmutableId.Agent on the API, and no other role:
      API_SP=`$(az ad sp show --id $apiClient --query id -o tsv)
      ROLE=`$(az ad sp show --id $apiClient --query "appRoles[?value=='ImmutableId.Agent'].id" -o tsv)
      AGENT_SP=`$(az ad sp show --id <agent client id> --query id -o tsv)
      az rest --method POST --uri "https://graph.microsoft.com/v1.0/servicePrincipals/`$AGENT_SP/appRoleAssignedTo" \
        --body "{\"principalId\":\"`$AGENT_SP\",\"resourceId\":\"`$API_SP\",\"appRoleId\":\"`$ROLE\"}"
 3. Bind it in the API (and, if the agent reads other OUs than ALLOWED_ORGANIZATIONAL_UNITS, set AGENT_BASE_DNS):
      azd env set AGENT_APP_ID <agent client id>
      azd provision
 4. Install the agent on a domain-joined server (README, on-prem agent):
      dotnet publish src/ImmutableId.Agent -c Release -r win-x64 -o agent
      .\agent\install-agent.ps1 -ApiBaseUrl $api -ApiScope $appIdUri/.default -Server <dc fqdn> -BaseDns '<OU=…,DC=…>'
 5. Check it posts: GET $api/api/agents (role ImmutableId.Read): lastSync, entryCount, stale=false.
"@
