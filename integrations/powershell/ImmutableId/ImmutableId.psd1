@{
    RootModule           = 'ImmutableId.psm1'
    ModuleVersion        = '1.2.0'
    GUID                 = '5f0c2a8e-7d3b-4c61-9a4e-2b8f6d1c0e73'
    Author               = 'ImmutableId Functions'
    Description          = 'Client for the ImmutableId Functions API: status, hard match (set) and clear of onPremisesImmutableId with -WhatIf as the API dry run, offline anchor conversion, and the audit records.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core', 'Desktop')
    FunctionsToExport    = @(
        'Connect-ImmutableIdApi', 'Disconnect-ImmutableIdApi',
        'Get-ImmutableIdStatus', 'Set-ImmutableId', 'Clear-ImmutableId',
        'ConvertTo-ImmutableId', 'ConvertFrom-ImmutableId',
        'Get-ImmutableIdOperation',
        'Start-ImmutableIdJob', 'Get-ImmutableIdJob', 'Wait-ImmutableIdJob', 'Get-ImmutableIdJobItem', 'Stop-ImmutableIdJob', 'Save-ImmutableIdJobReport'
    )
    FormatsToProcess     = @('ImmutableId.format.ps1xml')
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('EntraConnect', 'HardMatch', 'ImmutableId', 'EntraID')
            # Placeholders under the reserved example.com, like the connector's host: the publisher sets its own.
            ProjectUri   = 'https://immutableid.example.com/'
            LicenseUri   = 'https://immutableid.example.com/license'
            ReleaseNotes = '1.2.0: Save-ImmutableIdJobReport -Format Html saves the readiness report page. 1.1.0: bulk job cmdlets (Start-, Get-, Wait- with Write-Progress, Stop-ImmutableIdJob, Get-ImmutableIdJobItem, Save-ImmutableIdJobReport); 429 and 503 retried after Retry-After (Connect-ImmutableIdApi -MaxRetries); one error record per refusal with the API code as its id; Timeout reported as such; complete help.'
        }
    }
}
