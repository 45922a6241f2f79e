# Pester 5 tests of the ImmutableId module against a running sandbox (IMMUTABLEID_SANDBOX_URL, e.g. http://127.0.0.1:7071).
# The test suite runs them from tests/ImmutableId.Integrations.Tests (PowerShellModuleTests) with the sandbox on an
# ephemeral port; by hand: start the sandbox, then
#   $env:IMMUTABLEID_SANDBOX_URL = 'http://localhost:7071'; Invoke-Pester integrations/powershell/tests

BeforeAll {
    $script:Sandbox = $env:IMMUTABLEID_SANDBOX_URL
    if (-not $script:Sandbox) { throw 'Set IMMUTABLEID_SANDBOX_URL to a running sandbox (dotnet run --project src/ImmutableId.Standalone).' }
    Import-Module (Join-Path $PSScriptRoot '../ImmutableId/ImmutableId.psd1') -Force
    Connect-ImmutableIdApi -BaseUri $script:Sandbox -Sandbox | Out-Null
}

Describe 'Offline conversion' {
    It 'ConvertTo-ImmutableId gives the Base64 of the GUID bytes, from a value or a pipeline object' {
        ConvertTo-ImmutableId '35918bc9-196d-40ea-9779-889d79b753f0' | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
        [pscustomobject]@{ ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0' } | ConvertTo-ImmutableId | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
    }

    It 'ConvertFrom-ImmutableId gives the GUID back' {
        'yYuRNW0Z6kCXeYidebdT8A==' | ConvertFrom-ImmutableId | Should -Be ([guid]'35918bc9-196d-40ea-9779-889d79b753f0')
    }

    It 'ConvertFrom-ImmutableId refuses a value that is not 16 Base64 bytes, with the code AnchorInvalid' {
        { ConvertFrom-ImmutableId 'not-an-id' -ErrorAction Stop } | Should -Throw -ErrorId 'AnchorInvalid*'
    }

    It 'agrees with the API''s own conversion' {
        $guid = [guid]::NewGuid()
        $token = Invoke-RestMethod -Method Post -Uri "$script:Sandbox/_sandbox/token"
        $api = Invoke-RestMethod -Method Post -Uri "$script:Sandbox/api/convert" -Headers @{ Authorization = "Bearer $($token.access_token)" } `
            -ContentType 'application/json' -Body (@{ value = $guid.ToString() } | ConvertTo-Json)
        ConvertTo-ImmutableId $guid | Should -Be $api.immutableId
    }
}

Describe 'Get-ImmutableIdStatus' {
    It 'reads a matched user' {
        $status = Get-ImmutableIdStatus 'nestor.wilke@contoso.com'
        $status.matchState | Should -Be 'matched'
        $status.cloud.onPremisesImmutableId | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
    }

    It 'takes UPNs and objects with a UserPrincipalName from the pipeline' {
        $results = @('adele.vance@contoso.com', [pscustomobject]@{ UserPrincipalName = 'alex.wilber@contoso.com' }.UserPrincipalName) | Get-ImmutableIdStatus
        @($results).Count | Should -Be 2
        $byObject = [pscustomobject]@{ UserPrincipalName = 'megan.o''brien@contoso.com' } | Get-ImmutableIdStatus
        $byObject.user | Should -Be 'megan.o''brien@contoso.com'
    }
}

Describe 'Set-ImmutableId' {
    It '-WhatIf runs the dry run and writes nothing' {
        $plan = Set-ImmutableId 'alex.wilber@contoso.com' -Ticket 'INC-WHATIF' -WhatIf
        $plan.outcome | Should -Be 'planned'
        $plan.dryRun | Should -BeTrue
        $plan.after | Should -Be '9+XToSwLbk2PEBorPE1eAg=='
        $after = Get-ImmutableIdStatus 'alex.wilber@contoso.com'
        $after.matchState | Should -Be 'notSet'
        $after.cloud.onPremisesImmutableId | Should -BeNullOrEmpty
        (Get-ImmutableIdOperation -OperationId $plan.OperationId).dryRun | Should -BeTrue
    }

    It '-WhatIf over a pipeline plans every user and writes none' {
        $plans = 'megan.o''brien@contoso.com', 'patti.fernandez@contoso.com' | Set-ImmutableId -WhatIf
        @($plans).Count | Should -Be 2
        $plans.outcome | Sort-Object -Unique | Should -Be 'planned'
        ('megan.o''brien@contoso.com', 'patti.fernandez@contoso.com' | Get-ImmutableIdStatus).matchState | Sort-Object -Unique | Should -Be 'notSet'
    }

    It 'writes with -Confirm:$false, answers the state after the write and the audit record id' {
        $result = Set-ImmutableId 'adele.vance@contoso.com' -Ticket 'INC0001' -Reason 'InvalidSoftMatch' -Confirm:$false
        $result.outcome | Should -Be 'succeeded'
        $result.matchState | Should -Be 'matched'
        $result.cloud.onPremisesImmutableId | Should -Be '9+XToSwLbk2PEBorPE1eAQ=='
        $result.OperationId | Should -Match '^[0-9a-f-]{36}$'
        $record = $result | Get-ImmutableIdOperation
        $record.ticket | Should -Be 'INC0001'
        $record.outcome | Should -Be 'succeeded'
    }

    It 'surfaces a refusal as an error whose FullyQualifiedErrorId starts with the API code' {
        $err = $null
        try { Set-ImmutableId 'diego.siciliani@contoso.com' -Confirm:$false -ErrorAction Stop } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'PrivilegedTarget*'
        $err.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $err.Exception.Message | Should -Match 'role'
        $err.TargetObject.blockers.code | Should -Contain 'ProtectedOnPremAccount'
        $err.TargetObject.written | Should -BeFalse
    }

    It 'keeps going through a pipeline when one user is refused (non-terminating errors)' {
        $all = 'grady.archie@contoso.com', 'zoe.muller@contoso.com' | Set-ImmutableId -WhatIf -ErrorAction Continue 2>&1
        $refusals = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        $results = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
        $refusals.Count | Should -Be 1
        $refusals[0].FullyQualifiedErrorId | Should -BeLike 'OnPremAccountDisabled*'
        $results.Count | Should -Be 1
        $results[0].user | Should -Be 'zoe.muller@contoso.com'
    }
}

Describe 'Clear-ImmutableId' {
    It '-WhatIf plans the clear and leaves the value' {
        $plan = Clear-ImmutableId 'nestor.wilke@contoso.com' -WhatIf
        $plan.outcome | Should -Be 'planned'
        (Get-ImmutableIdStatus 'nestor.wilke@contoso.com').cloud.onPremisesImmutableId | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
    }

    It 'clears with the ticket and reason recorded, answering notSet' {
        Set-ImmutableId 'patti.fernandez@contoso.com' -Confirm:$false | Out-Null
        $result = Clear-ImmutableId 'patti.fernandez@contoso.com' -Ticket 'CHG0042' -Reason 'wrong anchor' -Confirm:$false
        $result.outcome | Should -Be 'succeeded'
        $result.matchState | Should -Be 'notSet'
        $record = Get-ImmutableIdOperation -OperationId $result.OperationId
        $record.ticket | Should -Be 'CHG0042'
        $record.reason | Should -Be 'wrong anchor'
    }
}

Describe 'Get-ImmutableIdOperation' {
    It 'lists a user''s records newest first, across pages' {
        $records = Get-ImmutableIdOperation -UserPrincipalName 'patti.fernandez@contoso.com'
        @($records).Count | Should -BeGreaterOrEqual 3
        @(Get-ImmutableIdOperation -UserPrincipalName 'patti.fernandez@contoso.com' -First 2).Count | Should -Be 2
        [datetimeoffset]$records[0].time | Should -BeGreaterOrEqual ([datetimeoffset]$records[-1].time)
    }
}

Describe 'Connect-ImmutableIdApi' {
    It 'calls with the token a script block returns, and a token without the role is refused with InsufficientRole' {
        $readOnly = Invoke-RestMethod -Method Post -Uri "$script:Sandbox/_sandbox/token" -ContentType 'application/json' -Body '{"roles":["ImmutableId.Read"]}'
        Connect-ImmutableIdApi -BaseUri "$script:Sandbox/api" -TokenScript { $readOnly.access_token }.GetNewClosure() | Out-Null
        try {
            (Get-ImmutableIdStatus 'nestor.wilke@contoso.com').matchState | Should -Be 'matched'
            { Set-ImmutableId 'alex.wilber@contoso.com' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'InsufficientRole*'
        }
        finally {
            Connect-ImmutableIdApi -BaseUri $script:Sandbox -Sandbox | Out-Null
        }
    }

    It 'refuses to call before a connection, with NotConnected' {
        Disconnect-ImmutableIdApi
        try { { Get-ImmutableIdStatus 'adele.vance@contoso.com' } | Should -Throw -ErrorId 'NotConnected*' }
        finally { Connect-ImmutableIdApi -BaseUri $script:Sandbox -Sandbox | Out-Null }
    }
}

Describe 'Default views (ImmutableId.format.ps1xml)' {
    It 'the quick start shows the dry run''s result after the connection, not an empty row of its table' {
        # A new session, as a person types the README's quick start: its output formatted by Out-Default.
        # This very PowerShell (also when it runs as a dotnet tool, whose process is dotnet: its folder has the pwsh executable).
        $exe = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
        $module = Join-Path $PSScriptRoot '../ImmutableId/ImmutableId.psd1'
        $quickStart = "`$PSStyle.OutputRendering = 'PlainText'; Import-Module '$module'; Connect-ImmutableIdApi '$script:Sandbox' -Sandbox; Set-ImmutableId zoe.muller@contoso.com -WhatIf"
        $output = & $exe -NoProfile -NonInteractive -Command $quickStart 2>&1 | Out-String
        $output | Should -Match 'Connected\s+: http://\S+/api'
        $output | Should -Match 'User\s+: zoe\.muller@contoso\.com'
        $output | Should -Match 'Outcome\s+: planned'
        $output | Should -Match 'After\s+: 9\+XToSwLbk2PEBorPE1eBA=='
    }

    It 'status, write results and audit records carry the type names their views are selected by' {
        (Get-ImmutableIdStatus 'zoe.muller@contoso.com').PSObject.TypeNames[0] | Should -Be 'ImmutableId.Status'
        (Set-ImmutableId 'zoe.muller@contoso.com' -WhatIf).PSObject.TypeNames[0] | Should -Be 'ImmutableId.WriteResult'
        (Get-ImmutableIdOperation -UserPrincipalName 'zoe.muller@contoso.com' -First 1).PSObject.TypeNames[0] | Should -Be 'ImmutableId.Operation'
        $status = Get-ImmutableIdStatus 'zoe.muller@contoso.com' | Out-String
        $status | Should -Match 'MatchState\s+: notSet'
        $status | Should -Match 'Anchor\s+: 9\+XToSwLbk2PEBorPE1eBA== \(objectGuid\)'
    }
}
