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

Describe 'Help and manifest' {
    It 'documents every command fully: synopsis, description, outputs and every parameter' {
        foreach ($command in Get-Command -Module ImmutableId) {
            $help = Get-Help $command.Name -Full
            $help.Synopsis | Should -Not -BeLike "$($command.Name)*" -Because "$($command.Name) needs a synopsis (help that does not parse shows the syntax)"
            ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs a description"
            ($help.returnValues | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($command.Name) needs .OUTPUTS"
            $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
            foreach ($name in $command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $parameter = $help.parameters.parameter | Where-Object name -eq $name
                ($parameter.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($command.Name) -$name needs a description"
            }
        }
    }

    It 'names the project, the licence and the release notes in the manifest' {
        $manifest = Test-ModuleManifest (Join-Path $PSScriptRoot '../ImmutableId/ImmutableId.psd1')
        $manifest.ProjectUri.Scheme | Should -Be 'https'
        $manifest.LicenseUri.Scheme | Should -Be 'https'
        $manifest.ReleaseNotes | Should -Match 'Retry-After'
    }
}

Describe 'Errors and retries' {
    BeforeAll {
        # A real HTTP server on 127.0.0.1 answering a script of answers, to see what the module does with 429, 503,
        # timeouts and bodies that are not JSON (the sandbox answers none of these on demand).
        function script:Start-Stub([object[]] $Answers) {
            $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
            $listener = [System.Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$port/")
            $listener.Start()
            $log = [System.Collections.Concurrent.ConcurrentQueue[string]]::new()
            $ps = [powershell]::Create()
            [void]$ps.AddScript({
                param($listener, $answers, $log)
                foreach ($answer in $answers) {
                    $context = $listener.GetContext()
                    $log.Enqueue("$($context.Request.HttpMethod) $($context.Request.Url.PathAndQuery)")
                    if ($answer.Delay) { Start-Sleep -Seconds $answer.Delay }
                    $context.Response.StatusCode = $answer.Status
                    if ($null -ne $answer.RetryAfter) { $context.Response.AddHeader('Retry-After', [string]$answer.RetryAfter) }
                    $context.Response.ContentType = $answer.Type
                    $bytes = [System.Text.Encoding]::UTF8.GetBytes($answer.Body)
                    try { $context.Response.OutputStream.Write($bytes, 0, $bytes.Length); $context.Response.Close() } catch { }
                }
            }).AddArgument($listener).AddArgument($Answers).AddArgument($log)
            $handle = $ps.BeginInvoke()
            Connect-ImmutableIdApi -BaseUri "http://127.0.0.1:$port" -Token (ConvertTo-SecureString 'stub' -AsPlainText -Force) -MaxRetries 2 -TimeoutSec 2 | Out-Null
            [pscustomobject]@{ Listener = $listener; PowerShell = $ps; Handle = $handle; Log = $log }
        }

        function script:Stop-Stub($Stub) {
            $Stub.Listener.Stop(); $Stub.Listener.Close(); $Stub.PowerShell.Dispose()
            Connect-ImmutableIdApi -BaseUri $script:Sandbox -Sandbox | Out-Null
        }

        function script:Problem([int] $Status, [string] $Code) {
            @{ Status = $Status; Type = 'application/problem+json'; Body = (@{ status = $Status; code = $Code; detail = "stub $Code"; title = 't'; traceId = 'x' } | ConvertTo-Json) }
        }

        $script:Ok = @{ Status = 200; Type = 'application/json'; Body = '{"user":"a@contoso.com","matchState":"matched"}' }
    }

    It 'leaves exactly one error record per refusal, with the API code as its id' {
        $before = $Error.Count
        $ev = $null
        Set-ImmutableId 'diego.siciliani@contoso.com' -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable ev
        @($ev).Count | Should -Be 1
        $Error.Count - $before | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -Be 'PrivilegedTarget,Set-ImmutableId'
        $ev[0].Exception | Should -BeOfType ([System.InvalidOperationException])
    }

    It 'retries 429 after Retry-After and answers the success' {
        $stub = Start-Stub @(((Problem 429 'TooManyRequests') + @{ RetryAfter = 1 }), $script:Ok)
        try {
            (Get-ImmutableIdStatus 'a@contoso.com').matchState | Should -Be 'matched'
            $stub.Log.Count | Should -Be 2
        }
        finally { Stop-Stub $stub }
    }

    It 'retries 503 a bounded number of times, then reports the code with the ResourceUnavailable category' {
        $answer = (Problem 503 'UpstreamUnavailable') + @{ RetryAfter = 0 }
        $stub = Start-Stub @($answer, $answer, $answer, $script:Ok)
        try {
            $ev = $null
            Get-ImmutableIdStatus 'a@contoso.com' -ErrorAction SilentlyContinue -ErrorVariable ev | Should -BeNullOrEmpty
            @($ev).Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -Be 'UpstreamUnavailable,Get-ImmutableIdStatus'
            $ev[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $stub.Log.Count | Should -Be 3   # the first call and MaxRetries (2) retries
        }
        finally { Stop-Stub $stub }
    }

    It 'gives a 429 without Retry-After back at once as LimitsExceeded' {
        $stub = Start-Stub @((Problem 429 'TooManyRequests'), $script:Ok)
        try {
            { Get-ImmutableIdStatus 'a@contoso.com' -ErrorAction Stop } | Should -Throw -ErrorId 'TooManyRequests,Get-ImmutableIdStatus'
            $stub.Log.Count | Should -Be 1
        }
        finally { Stop-Stub $stub }
    }

    It 'reports an answer that is not JSON with the status as its id' {
        $stub = Start-Stub @(@{ Status = 502; Type = 'text/html'; Body = '<html>Bad gateway</html>' })
        try {
            $ev = $null
            Get-ImmutableIdStatus 'a@contoso.com' -ErrorAction SilentlyContinue -ErrorVariable ev
            @($ev).Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -Be 'Http502,Get-ImmutableIdStatus'
        }
        finally { Stop-Stub $stub }
    }

    It 'reports a call that does not answer within -TimeoutSec as Timeout' {
        $stub = Start-Stub @(($script:Ok + @{ Delay = 4 }))
        try {
            $ev = $null
            Get-ImmutableIdStatus 'a@contoso.com' -ErrorAction SilentlyContinue -ErrorVariable ev
            @($ev).Count | Should -Be 1
            $ev[0].FullyQualifiedErrorId | Should -Be 'Timeout,Get-ImmutableIdStatus'
            $ev[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        }
        finally { Stop-Stub $stub }
    }
}

Describe 'Bulk jobs' {
    It 'submits an assess job from the pipeline and follows it with Write-Progress to its end' {
        Mock -ModuleName ImmutableId Write-Progress { }
        $job = 'grady.archie@contoso.com', 'zoe.muller@contoso.com', 'diego.siciliani@contoso.com' | Start-ImmutableIdJob -Operation assess -Ticket 'CHG-BULK' -Wait
        $job.state | Should -Be 'completed'
        $job.total | Should -Be 3
        $job.done | Should -Be 3
        Should -Invoke -ModuleName ImmutableId Write-Progress -ParameterFilter { $Completed }
        $script:AssessJob = $job
    }

    It 'lists the items by outcome and by code' {
        $all = @(Get-ImmutableIdJobItem $script:AssessJob.id)
        $all.Count | Should -Be 3
        $refused = @(Get-ImmutableIdJobItem $script:AssessJob.id -Outcome refused)
        $refused.user | Should -Contain 'grady.archie@contoso.com'
        $refused.status | Sort-Object -Unique | Should -Be 'refused'
        $disabled = @($script:AssessJob | Get-ImmutableIdJobItem -Code OnPremAccountDisabled)
        $disabled.user | Should -Be 'grady.archie@contoso.com'
    }

    It 'saves the items as CSV' {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) "immutableid-$([guid]::NewGuid()).csv"
        try {
            $file = Save-ImmutableIdJobReport $script:AssessJob.id -Path $path
            $file.FullName | Should -Be $path
            $rows = @(Import-Csv $path)
            $rows.Count | Should -Be 3
            $rows.user | Should -Contain 'zoe.muller@contoso.com'
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'saves the readiness report page as HTML' {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) "immutableid-$([guid]::NewGuid()).html"
        try {
            $file = Save-ImmutableIdJobReport $script:AssessJob.id -Path $path -Format Html
            $file.FullName | Should -Be $path
            $html = Get-Content -LiteralPath $path -Raw
            $html | Should -Match '^<!DOCTYPE html>'
            $html | Should -Match '<h1>Readiness report: assess'
            $html | Should -Match 'Users per outcome'
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'refuses CSV filters with -Format Html' {
        { Save-ImmutableIdJobReport $script:AssessJob.id -Path 'unused.html' -Format Html -Outcome refused -ErrorAction Stop } |
            Should -Throw -ErrorId 'FilterNotForHtml,Save-ImmutableIdJobReport'
    }

    It 'submits a dry-run set job from a CSV file, then cancelling the finished job changes nothing' {
        $path = Join-Path ([System.IO.Path]::GetTempPath()) "immutableid-$([guid]::NewGuid()).csv"
        try {
            "user`nzoe.muller@contoso.com`nmegan.o'brien@contoso.com" | Set-Content -LiteralPath $path
            $job = Start-ImmutableIdJob -Operation set -Path $path -DryRun
            $job.dryRun | Should -BeTrue
            $job.total | Should -Be 2
            $done = $job | Wait-ImmutableIdJob -PollSeconds 1
            $done.counts.planned | Should -Be 2
            ($done | Stop-ImmutableIdJob -Confirm:$false).state | Should -Be 'completed'
            (Get-ImmutableIdJob -Id $job.id).state | Should -Be 'completed'
            @(Get-ImmutableIdJob).id | Should -Contain $job.id
        }
        finally { Remove-Item $path -ErrorAction SilentlyContinue }
    }

    It 'refuses an invalid job with one InvalidJobInput error listing the rows' {
        $ev = $null
        'not a user', 'not a user' | Start-ImmutableIdJob -Operation assess -ErrorAction SilentlyContinue -ErrorVariable ev
        @($ev).Count | Should -Be 1
        $ev[0].FullyQualifiedErrorId | Should -Be 'InvalidJobInput,Start-ImmutableIdJob'
        @($ev[0].TargetObject.errors).Count | Should -BeGreaterThan 0
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
