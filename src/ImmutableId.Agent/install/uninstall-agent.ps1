#Requires -RunAsAdministrator
<#
.SYNOPSIS
    Stops and removes the ImmutableId agent service and its files (and, with -RemoveState, its state file).
#>
param(
    [string] $InstallPath = (Join-Path $env:ProgramFiles 'ImmutableId\Agent'),
    [string] $ServiceName = 'ImmutableIdAgent',
    [switch] $RemoveState
)
$ErrorActionPreference = 'Stop'
if (Get-Service -Name $ServiceName -ErrorAction SilentlyContinue) {
    Stop-Service -Name $ServiceName -Force
    & sc.exe delete $ServiceName | Out-Null
}
if (Test-Path $InstallPath) { Remove-Item -Recurse -Force $InstallPath }
if ($RemoveState) { Remove-Item -Recurse -Force (Join-Path $env:ProgramData 'ImmutableId\Agent') -ErrorAction SilentlyContinue }
Write-Host "Removed $ServiceName. Its entries stay in the API's mirror until the binding is removed and they are cleaned (see README)."
