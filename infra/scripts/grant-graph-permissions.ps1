#!/usr/bin/env pwsh
#Requires -Version 7.0
<#
.SYNOPSIS
    Grants the Function App's managed identity the Microsoft Graph application permissions the code needs.

.DESCRIPTION
    Run by azd's postprovision hook (azure.yaml) on Linux, macOS and Windows, or by hand. Bicep cannot do this
    offline (the Microsoft Graph Bicep extension needs a registry), so the grant goes through Graph's
    appRoleAssignedTo API:
      1. find the Microsoft Graph service principal (appId 00000003-0000-0000-c000-000000000000) and look up the
         app role id of each permission by its value in the Graph service principal's appRoles;
      2. find the managed identity's service principal (by its client id, or its object id);
      3. list the identity's existing app role assignments, and POST
         /servicePrincipals/{graph}/appRoleAssignedTo only for the permissions it does not hold yet.
    Idempotent: a second run changes nothing. -DryRun reads everything and writes nothing.

    The caller needs AppRoleAssignment.ReadWrite.All and Application.Read.All (delegated: e.g. the Privileged Role
    Administrator or Global Administrator role). The token is never printed, and it is taken for the environment's
    tenant (AZURE_TENANT_ID), not whichever tenant the Azure CLI happens to be signed into.

    When Graph refuses (401/403) or no token can be had, nothing is granted: the script prints the exact commands an
    administrator of that tenant must run (this script, or `az rest` alone) and exits 1. The postprovision hook has
    continueOnError: true (azure.yaml), so `azd up` still deploys the app; its Graph calls fail (readiness reports
    graph not ready) until the administrator has run them.

.PARAMETER ManagedIdentityClientId
    The identity's client (application) id. Default: $env:MANAGED_IDENTITY_CLIENT_ID (an azd output).

.PARAMETER ManagedIdentityPrincipalId
    The identity's service principal object id, instead of the client id. Default: $env:MANAGED_IDENTITY_PRINCIPAL_ID.

.PARAMETER Permission
    Graph application permissions to grant. Default: User.ReadWrite.All, Domain.Read.All, RoleManagement.Read.Directory.

.PARAMETER CloudSync
    Also grant Synchronization.ReadWrite.All, which Cloud Sync provision on demand (POST
    /api/users/{user}/immutable-id/sync) needs. Default: on when $env:CLOUD_SYNC_SERVICE_PRINCIPAL_ID is set (an azd
    output, set only when the cloudSyncServicePrincipalId parameter is). Least privilege: without Cloud Sync the
    identity never gets it.

.PARAMETER TenantId
    The Entra tenant the identity lives in. Default: $env:AZURE_TENANT_ID (an azd output). The Azure CLI token is
    requested for it (`--tenant`); empty: the CLI's current tenant.

.PARAMETER GraphBaseUrl
    Default: $env:GRAPH_BASE_URL or https://graph.microsoft.com/v1.0. Plain http is accepted for 127.0.0.1 and
    localhost only (the Entra emulator in tests).

.PARAMETER AccessToken
    A Graph access token. Default: $env:GRAPH_ACCESS_TOKEN, else `az account get-access-token --resource-type ms-graph`.

.PARAMETER DryRun
    Report what would be granted; write nothing.

.EXAMPLE
    ./infra/scripts/grant-graph-permissions.ps1 -DryRun
    ./infra/scripts/grant-graph-permissions.ps1 -ManagedIdentityClientId 5b0c…
#>
[CmdletBinding()]
param(
    [string] $ManagedIdentityClientId = $env:MANAGED_IDENTITY_CLIENT_ID,
    [string] $ManagedIdentityPrincipalId = $env:MANAGED_IDENTITY_PRINCIPAL_ID,
    [string[]] $Permission = @('User.ReadWrite.All', 'Domain.Read.All', 'RoleManagement.Read.Directory'),
    [switch] $CloudSync = $(-not [string]::IsNullOrWhiteSpace($env:CLOUD_SYNC_SERVICE_PRINCIPAL_ID)),
    [string] $TenantId = $env:AZURE_TENANT_ID,
    [string] $GraphBaseUrl = $(if ($env:GRAPH_BASE_URL) { $env:GRAPH_BASE_URL } else { 'https://graph.microsoft.com/v1.0' }),
    [string] $AccessToken = $env:GRAPH_ACCESS_TOKEN,
    [switch] $DryRun
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$GraphAppId = '00000003-0000-0000-c000-000000000000'

function Fail([string] $Message) {
    [Console]::Error.WriteLine("grant-graph-permissions: $Message")
    exit 1
}

function Test-GuidText([string] $Text) {
    $parsed = [guid]::Empty
    return [guid]::TryParse($Text, [ref] $parsed)
}

$GraphBaseUrl = $GraphBaseUrl.TrimEnd('/')
$baseUri = $null
if (-not [Uri]::TryCreate($GraphBaseUrl, [UriKind]::Absolute, [ref] $baseUri)) {
    Fail "GraphBaseUrl '$GraphBaseUrl' is not an absolute URL."
}
if ($baseUri.Scheme -ne 'https' -and -not ($baseUri.Scheme -eq 'http' -and ($baseUri.IsLoopback))) {
    Fail "GraphBaseUrl must use https (plain http only for 127.0.0.1/localhost): $GraphBaseUrl"
}

if ([string]::IsNullOrWhiteSpace($ManagedIdentityClientId) -and [string]::IsNullOrWhiteSpace($ManagedIdentityPrincipalId)) {
    Fail 'Give -ManagedIdentityClientId or -ManagedIdentityPrincipalId (azd sets MANAGED_IDENTITY_CLIENT_ID after provisioning).'
}
foreach ($id in @($ManagedIdentityClientId, $ManagedIdentityPrincipalId, $TenantId)) {
    if (-not [string]::IsNullOrWhiteSpace($id) -and -not (Test-GuidText $id)) {
        Fail "'$id' is not a GUID."
    }
}
if (-not $Permission -or $Permission.Count -eq 0) {
    Fail 'Give at least one -Permission.'
}
if ($CloudSync -and $Permission -cnotcontains 'Synchronization.ReadWrite.All') {
    $Permission = @($Permission) + 'Synchronization.ReadWrite.All'
}

$tenantText = if ([string]::IsNullOrWhiteSpace($TenantId)) { '<tenant id>' } else { $TenantId }
$cliTenant = if ([string]::IsNullOrWhiteSpace($TenantId)) { @() } else { @('--tenant', $TenantId) }

# Nothing was granted: say so, print what an administrator of the tenant runs, and stop (exit 1; the hook goes on).
function Stop-NotGranted([string] $Reason) {
    [Console]::Error.WriteLine("grant-graph-permissions: $Reason")
    $identityArgument = if (-not [string]::IsNullOrWhiteSpace($ManagedIdentityClientId)) { "-ManagedIdentityClientId $ManagedIdentityClientId" } else { "-ManagedIdentityPrincipalId $ManagedIdentityPrincipalId" }
    $cloudSyncArgument = if ($CloudSync) { ' -CloudSync' } else { '' }
    $identityLookup = if (-not [string]::IsNullOrWhiteSpace($ManagedIdentityPrincipalId)) { $ManagedIdentityPrincipalId } else { "`$(az ad sp show --id $ManagedIdentityClientId --query id -o tsv)" }
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('')
    $lines.Add('Microsoft Graph permissions were NOT granted to the managed identity. The deployment goes on, but the API''s')
    $lines.Add('Graph calls fail (GET /api/health?ready=true: graph not ready) until an administrator of the tenant (Privileged Role')
    $lines.Add("Administrator or Global Administrator) grants $($Permission -join ', '). Either, from a clone of this repository:")
    $lines.Add('')
    $lines.Add("  az login --tenant $tenantText")
    $lines.Add("  pwsh ./infra/scripts/grant-graph-permissions.ps1 $identityArgument -TenantId $tenantText$cloudSyncArgument")
    $lines.Add('')
    $lines.Add('or with the Azure CLI alone (bash; a permission already held answers "already exists", which is fine):')
    $lines.Add('')
    $lines.Add("  az login --tenant $tenantText")
    $lines.Add("  GRAPH_SP=`$(az ad sp show --id $GraphAppId --query id -o tsv)")
    $lines.Add("  MI_SP=$identityLookup")
    $lines.Add("  for PERMISSION in $($Permission -join ' '); do")
    $lines.Add("    ROLE=`$(az ad sp show --id $GraphAppId --query `"appRoles[?value=='`$PERMISSION' && contains(allowedMemberTypes, 'Application')].id`" -o tsv)")
    $lines.Add("    az rest --method POST --uri `"$GraphBaseUrl/servicePrincipals/`$GRAPH_SP/appRoleAssignedTo`" \")
    $lines.Add("      --headers Content-Type=application/json --body `"{\`"principalId\`":\`"`$MI_SP\`",\`"resourceId\`":\`"`$GRAPH_SP\`",\`"appRoleId\`":\`"`$ROLE\`"}`"")
    $lines.Add('  done')
    $lines.Add('')
    Write-Host ($lines -join [Environment]::NewLine)
    if ($env:ON_PREM_CONNECTIVITY -eq 'agent') {
        & (Join-Path $PSScriptRoot 'agent-next-steps.ps1')
    }
    exit 1
}

if ([string]::IsNullOrWhiteSpace($AccessToken)) {
    if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
        Stop-NotGranted 'No token: the Azure CLI (az) is not installed; or pass -AccessToken / set GRAPH_ACCESS_TOKEN.'
    }
    $AccessToken = (& az account get-access-token --resource-type ms-graph @cliTenant --query accessToken --output tsv 2>$null)
    if ($LASTEXITCODE -ne 0 -or [string]::IsNullOrWhiteSpace($AccessToken)) {
        Stop-NotGranted "az account get-access-token --resource-type ms-graph --tenant $tenantText failed: run az login --tenant $tenantText (with a user who may grant app roles)."
    }
    $AccessToken = ([string] $AccessToken).Trim()
}

$headers = @{ Authorization = "Bearer $AccessToken"; 'Content-Type' = 'application/json'; Accept = 'application/json' }

# One Graph call; returns the parsed body or stops with Graph's error code and message (never the token).
function Invoke-Graph([string] $Method, [string] $RelativeUrl, [object] $Body = $null) {
    $uri = if ($RelativeUrl -match '^https?://') { $RelativeUrl } else { "$GraphBaseUrl$RelativeUrl" }
    $parameters = @{ Method = $Method; Uri = $uri; Headers = $headers; SkipHttpErrorCheck = $true; MaximumRetryCount = 0 }
    if ($null -ne $Body) { $parameters.Body = ($Body | ConvertTo-Json -Depth 5 -Compress) }
    for ($attempt = 1; ; $attempt++) {
        $response = Invoke-WebRequest @parameters
        $status = [int] $response.StatusCode
        if (($status -eq 429 -or $status -ge 500) -and $attempt -lt 5) {
            $wait = 2
            $retryAfter = $response.Headers['Retry-After']
            if ($retryAfter) { [int]::TryParse([string] ($retryAfter | Select-Object -First 1), [ref] $wait) | Out-Null }
            Start-Sleep -Seconds ([Math]::Min([Math]::Max($wait, 1), 30))
            continue
        }
        break
    }
    $content = if ($response.Content -is [byte[]]) { [Text.Encoding]::UTF8.GetString($response.Content) } else { [string] $response.Content }
    $parsed = if ([string]::IsNullOrWhiteSpace($content)) { $null } else { $content | ConvertFrom-Json -Depth 20 }
    if ($status -ge 400) {
        $code = if ($parsed -and $parsed.PSObject.Properties['error']) { $parsed.error.code } else { "HTTP $status" }
        $message = if ($parsed -and $parsed.PSObject.Properties['error']) { $parsed.error.message } else { $content }
        if ($status -in 401, 403) {
            Stop-NotGranted "$Method $RelativeUrl -> $status $code`: $message The signed-in account needs AppRoleAssignment.ReadWrite.All and Application.Read.All (e.g. Privileged Role Administrator)."
        }
        Fail "$Method $RelativeUrl -> $status $code`: $message"
    }
    return $parsed
}

# Every item of a collection, following @odata.nextLink.
function Get-GraphCollection([string] $RelativeUrl) {
    $items = [System.Collections.Generic.List[object]]::new()
    $next = $RelativeUrl
    while ($next) {
        $page = Invoke-Graph GET $next
        foreach ($item in @($page.value)) { $items.Add($item) }
        $next = if ($page.PSObject.Properties['@odata.nextLink']) { $page.'@odata.nextLink' } else { $null }
    }
    return , $items
}

function Find-ServicePrincipalByAppId([string] $AppId) {
    $found = Get-GraphCollection "/servicePrincipals?`$filter=appId eq '$AppId'&`$select=id,appId,displayName,appRoles"
    if ($found.Count -ne 1) { Fail "Expected one service principal with appId $AppId, found $($found.Count)." }
    return $found[0]
}

$graph = Find-ServicePrincipalByAppId $GraphAppId
$identity = if (-not [string]::IsNullOrWhiteSpace($ManagedIdentityPrincipalId)) {
    Invoke-Graph GET "/servicePrincipals/$ManagedIdentityPrincipalId`?`$select=id,appId,displayName"
} else {
    Find-ServicePrincipalByAppId $ManagedIdentityClientId
}

$roles = foreach ($value in $Permission) {
    $role = @($graph.appRoles) | Where-Object { $_.value -ceq $value -and ($_.allowedMemberTypes -contains 'Application') } | Select-Object -First 1
    if (-not $role) { Fail "Microsoft Graph exposes no application permission '$value'." }
    [pscustomobject] @{ Value = $value; Id = [string] $role.id }
}

$held = Get-GraphCollection "/servicePrincipals/$($identity.id)/appRoleAssignments"
$heldIds = @($held | Where-Object { $_.resourceId -eq $graph.id } | ForEach-Object { ([string] $_.appRoleId).ToLowerInvariant() })

$mode = if ($DryRun) { ' (dry run: nothing is written)' } else { '' }
Write-Host "Graph permissions for $($identity.displayName) ($($identity.id))$mode"
$granted = 0
$pending = 0
foreach ($role in $roles) {
    if ($heldIds -contains $role.Id.ToLowerInvariant()) {
        Write-Host "  $($role.Value): already granted"
        continue
    }
    if ($DryRun) {
        Write-Host "  $($role.Value): would grant"
        $pending++
        continue
    }
    Invoke-Graph POST "/servicePrincipals/$($graph.id)/appRoleAssignedTo" @{
        principalId = $identity.id
        resourceId  = $graph.id
        appRoleId   = $role.Id
    } | Out-Null
    Write-Host "  $($role.Value): granted"
    $granted++
}
$summary = if ($DryRun) { "$pending would be granted" } else { "$granted granted" }
Write-Host "Done: $summary, $($roles.Count - $granted - $pending) already held$mode."
if ($env:ON_PREM_CONNECTIVITY -eq 'agent') {
    & (Join-Path $PSScriptRoot 'agent-next-steps.ps1')
}
exit 0
