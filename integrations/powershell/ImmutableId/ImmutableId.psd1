@{
    RootModule           = 'ImmutableId.psm1'
    ModuleVersion        = '1.0.0'
    GUID                 = '5f0c2a8e-7d3b-4c61-9a4e-2b8f6d1c0e73'
    Author               = 'ImmutableId Functions'
    Description          = 'Client for the ImmutableId Functions API: status, hard match (set) and clear of onPremisesImmutableId with -WhatIf as the API dry run, offline anchor conversion, and the audit records.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FunctionsToExport    = @(
        'Connect-ImmutableIdApi', 'Disconnect-ImmutableIdApi',
        'Get-ImmutableIdStatus', 'Set-ImmutableId', 'Clear-ImmutableId',
        'ConvertTo-ImmutableId', 'ConvertFrom-ImmutableId',
        'Get-ImmutableIdOperation'
    )
    FormatsToProcess     = @('ImmutableId.format.ps1xml')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{ PSData = @{ Tags = @('EntraConnect', 'HardMatch', 'ImmutableId', 'EntraID') } }
}
