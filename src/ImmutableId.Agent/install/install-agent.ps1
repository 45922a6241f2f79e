#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Installs the ImmutableId on-prem agent as a Windows service (runs as the machine account: Negotiate/Kerberos to AD).
.DESCRIPTION
    Copies the published agent (dotnet publish src/ImmutableId.Agent -c Release -r win-x64) to -InstallPath, writes its
    settings (no secret: the token comes from the Arc-enabled server's managed identity, or a certificate in
    LocalMachine\My), creates the service 'ImmutableIdAgent' (automatic start, restart on failure) and starts it.
.EXAMPLE
    .\install-agent.ps1 -ApiBaseUrl https://func-abc.azurewebsites.net -ApiScope api://<API app id>/.default `
        -Server dc1.corp.example -BaseDns 'OU=Staff,DC=corp,DC=example'
#>
param(
    [Parameter(Mandatory)] [uri] $ApiBaseUrl,
    [Parameter(Mandatory)] [string] $ApiScope,
    [Parameter(Mandatory)] [string] $Server,
    [Parameter(Mandatory)] [string[]] $BaseDns,
    [ValidateSet('ManagedIdentity', 'ClientCertificate')] [string] $Credential = 'ManagedIdentity',
    [string] $ManagedIdentityClientId,
    [string] $TenantId,
    [string] $ClientId,
    [string] $CertificateThumbprint,
    [string] $SourcePath = $PSScriptRoot,
    [string] $InstallPath = (Join-Path $env:ProgramFiles 'ImmutableId\Agent'),
    [string] $ServiceName = 'ImmutableIdAgent'
)
$ErrorActionPreference = 'Stop'
if ($ApiBaseUrl.Scheme -ne 'https') { throw 'ApiBaseUrl must be https.' }
$exe = Join-Path $SourcePath 'ImmutableId.Agent.exe'
if (-not (Test-Path $exe)) { throw "ImmutableId.Agent.exe not found in $SourcePath: publish it first (dotnet publish src/ImmutableId.Agent -c Release -r win-x64)." }

New-Item -ItemType Directory -Force -Path $InstallPath | Out-Null
Copy-Item -Path (Join-Path $SourcePath '*') -Destination $InstallPath -Recurse -Force

$agent = [ordered]@{
    ApiBaseUrl = "$ApiBaseUrl"; ApiScope = $ApiScope; Credential = $Credential
    StatePath = (Join-Path $env:ProgramData 'ImmutableId\Agent\state.json')
}
if ($ManagedIdentityClientId) { $agent.ManagedIdentityClientId = $ManagedIdentityClientId }
if ($Credential -eq 'ClientCertificate') {
    if (-not ($TenantId -and $ClientId -and $CertificateThumbprint)) { throw 'ClientCertificate needs -TenantId, -ClientId and -CertificateThumbprint (a certificate in LocalMachine\My).' }
    $agent.TenantId = $TenantId; $agent.ClientId = $ClientId; $agent.CertificateThumbprint = $CertificateThumbprint
}
$settings = [ordered]@{
    Logging = @{ EventLog = @{ LogLevel = @{ Default = 'Information' } } }
    Agent   = $agent
    OnPrem  = [ordered]@{ Server = $Server; Port = 636; Transport = 'Ldaps'; BindMode = 'Negotiate'; BaseDns = @($BaseDns) }
}
$settings | ConvertTo-Json -Depth 6 | Set-Content -Path (Join-Path $InstallPath 'appsettings.json') -Encoding utf8

if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    Stop-Service -Name $ServiceName -Force
    & sc.exe delete $ServiceName | Out-Null
    Start-Sleep -Seconds 2
}
# LocalSystem = the computer account on the network: Kerberos to the DC as DOMAIN\SERVER$, no password anywhere.
New-Service -Name $ServiceName -BinaryPathName "`"$(Join-Path $InstallPath 'ImmutableId.Agent.exe')`"" `
    -DisplayName 'ImmutableId on-prem agent' -Description 'Posts AD users to the ImmutableId API (OnPrem mode Agent).' `
    -StartupType Automatic | Out-Null
& sc.exe failure $ServiceName reset= 86400 actions= restart/60000/restart/60000/restart/300000 | Out-Null
Start-Service -Name $ServiceName
Write-Host "Installed and started $ServiceName from $InstallPath. Check: Get-Service $ServiceName; Event Viewer > Application (source $ServiceName); GET /api/agents on the API."
