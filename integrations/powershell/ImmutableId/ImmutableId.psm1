# ImmutableId: a PowerShell client for the ImmutableId Functions API (see ../README.md).
# Works on PowerShell 7.x and Windows PowerShell 5.1 (no 7-only syntax). Problems the API answers
# (RFC 9457 application/problem+json) become exactly one PowerShell error each: FullyQualifiedErrorId starts with the
# API's `code`, the message is its `detail`, TargetObject is the whole problem (blockers, warnings, traceId…).
# Calls go through System.Net.Http.HttpClient (not Invoke-WebRequest), so no error record of the transport is left
# behind; 429 and 503 are retried after Retry-After a bounded number of times (Connect-ImmutableIdApi -MaxRetries).

Set-StrictMode -Version 3.0
Add-Type -AssemblyName System.Net.Http

$script:Connection = $null
$script:Http = $null

function Connect-ImmutableIdApi {
    <#
    .SYNOPSIS
    Remembers where the API is and how to get a token for it (the token itself is fetched per call).
    .DESCRIPTION
    Every other command of the module calls the API named here. Choose one way to get a token: -ResourceUri
    (Get-AzAccessToken, after Connect-AzAccount), -TokenScript (any script block), -Token (a fixed token) or -Sandbox
    (the local sandbox only). -MaxRetries and -TimeoutSec apply to every later call: 429 and 503 answers are retried
    after their Retry-After, at most -MaxRetries times; a call that takes longer than -TimeoutSec fails with the error
    id Timeout.
    .OUTPUTS
    ImmutableId.Connection: the API's base URI and the kind of authentication.
    .EXAMPLE
    Connect-ImmutableIdApi -BaseUri https://func-immutableid.azurewebsites.net -ResourceUri api://immutableid
    Tokens from Get-AzAccessToken (Az.Accounts; Connect-AzAccount first).
    .EXAMPLE
    Connect-ImmutableIdApi -BaseUri http://localhost:7071 -Sandbox
    The local sandbox: a sandbox token from POST /_sandbox/token.
    .EXAMPLE
    Connect-ImmutableIdApi -BaseUri https://func-immutableid.azurewebsites.net -TokenScript { Get-MyToken }
    #>
    [CmdletBinding(DefaultParameterSetName = 'AzAccessToken')]
    param(
        # The API's root (https://<app>.azurewebsites.net) or its /api URL.
        [Parameter(Mandatory, Position = 0)][uri] $BaseUri,
        # Get-AzAccessToken -ResourceUrl <this>: the API's application id URI (api://…).
        [Parameter(Mandatory, ParameterSetName = 'AzAccessToken')][string] $ResourceUri,
        # A script block that returns an access token (string or SecureString) each time it is called.
        [Parameter(Mandatory, ParameterSetName = 'TokenScript')][scriptblock] $TokenScript,
        # A fixed access token.
        [Parameter(Mandatory, ParameterSetName = 'Token')][securestring] $Token,
        # The local sandbox: mint a sandbox token once (never accepted by a real deployment).
        [Parameter(Mandatory, ParameterSetName = 'Sandbox')][switch] $Sandbox,
        # Sandbox roles (default: Read, Write and Clear).
        [Parameter(ParameterSetName = 'Sandbox')][string[]] $Roles,
        # How many times a 429 or 503 answer is retried after its Retry-After (default 3; 0: never).
        [ValidateRange(0, 10)][int] $MaxRetries = 3,
        # The longest Retry-After honoured, in seconds (default 120); a longer one is reported at once.
        [ValidateRange(0, 3600)][int] $MaxRetryAfterSec = 120,
        # Seconds a call may take before it fails with the error id Timeout (default 100).
        [ValidateRange(1, 3600)][int] $TimeoutSec = 100
    )

    $root = $BaseUri.AbsoluteUri.TrimEnd('/')
    if ($root.EndsWith('/api')) { $root = $root.Substring(0, $root.Length - 4) }

    switch ($PSCmdlet.ParameterSetName) {
        'AzAccessToken' {
            $resource = $ResourceUri
            $provider = {
                $azToken = (Get-AzAccessToken -ResourceUrl $resource -ErrorAction Stop).Token
                $azToken
            }.GetNewClosure()
        }
        'TokenScript' { $provider = $TokenScript }
        'Token' {
            $fixed = $Token
            $provider = { $fixed }.GetNewClosure()
        }
        'Sandbox' {
            $body = if ($Roles) { @{ roles = $Roles } | ConvertTo-Json } else { '{}' }
            $minted = Invoke-RestMethod -Method Post -Uri "$root/_sandbox/token" -ContentType 'application/json' -Body $body -ErrorAction Stop
            $sandboxToken = ConvertTo-SecureString -String $minted.access_token -AsPlainText -Force
            $provider = { $sandboxToken }.GetNewClosure()
        }
    }

    if ($null -ne $script:Http) { $script:Http.Dispose() }
    $script:Http = [System.Net.Http.HttpClient]::new()
    $script:Http.Timeout = [timespan]::FromSeconds($TimeoutSec)
    $script:Connection = [pscustomobject]@{
        BaseUri = "$root/api"; TokenProvider = $provider; Kind = $PSCmdlet.ParameterSetName
        MaxRetries = $MaxRetries; MaxRetryAfterSec = $MaxRetryAfterSec; TimeoutSec = $TimeoutSec
    }
    [pscustomobject]@{ PSTypeName = 'ImmutableId.Connection'; BaseUri = "$root/api"; Authentication = $PSCmdlet.ParameterSetName }
}

function Disconnect-ImmutableIdApi {
    <#
    .SYNOPSIS
    Forgets the connection made by Connect-ImmutableIdApi.
    .DESCRIPTION
    Drops the API's address and the token provider; later calls fail with the error id NotConnected until
    Connect-ImmutableIdApi runs again. Nothing is sent to the API.
    .OUTPUTS
    None.
    .EXAMPLE
    Disconnect-ImmutableIdApi
    #>
    [CmdletBinding()]
    [OutputType([void])]
    param()
    if ($null -ne $script:Http) { $script:Http.Dispose(); $script:Http = $null }
    $script:Connection = $null
}

function ConvertTo-ImmutableId {
    <#
    .SYNOPSIS
    objectGUID (or mS-DS-ConsistencyGuid as a GUID) -> the Base64 ImmutableId, offline (no call).
    .DESCRIPTION
    The ImmutableId (onPremisesImmutableId) is the Base64 of the GUID's bytes in .NET order (Guid.ToByteArray).
    .OUTPUTS
    System.String: the Base64 ImmutableId.
    .EXAMPLE
    Get-ADUser adele.vance | ConvertTo-ImmutableId
    .EXAMPLE
    ConvertTo-ImmutableId 35918bc9-196d-40ea-9779-889d79b753f0   # yYuRNW0Z6kCXeYidebdT8A==
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        # The GUID: AD's objectGUID, or mS-DS-ConsistencyGuid read as a GUID (Get-ADUser output pipes in by ObjectGUID).
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('ObjectGUID')][guid] $Guid
    )
    process { [Convert]::ToBase64String($Guid.ToByteArray()) }
}

function ConvertFrom-ImmutableId {
    <#
    .SYNOPSIS
    The Base64 ImmutableId (onPremisesImmutableId) -> the GUID AD shows as objectGUID, offline (no call).
    .DESCRIPTION
    A value that is not standard Base64 of 16 bytes is refused with the error id AnchorInvalid.
    .OUTPUTS
    System.Guid: the GUID AD shows as objectGUID.
    .EXAMPLE
    'yYuRNW0Z6kCXeYidebdT8A==' | ConvertFrom-ImmutableId   # 35918bc9-196d-40ea-9779-889d79b753f0
    #>
    [CmdletBinding()]
    [OutputType([guid])]
    param(
        # The Base64 ImmutableId (24 characters ending in ==); objects with OnPremisesImmutableId pipe in by property.
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('OnPremisesImmutableId')][string] $ImmutableId
    )
    process {
        $bytes = $null
        try { $bytes = [Convert]::FromBase64String($ImmutableId) } catch { $bytes = $null }
        if ($null -eq $bytes -or $bytes.Length -ne 16) {
            $record = New-ImmutableIdError -Code 'AnchorInvalid' -Detail "'$ImmutableId' is not an ImmutableId: it must be standard Base64 of 16 bytes (24 characters ending in ==)." -Category InvalidArgument -Target $ImmutableId
            $PSCmdlet.WriteError($record)
            return
        }
        [guid]::new([byte[]]$bytes)
    }
}

function Get-ImmutableIdStatus {
    <#
    .SYNOPSIS
    Both sides of a user: the AD anchor, the cloud user's immutable ID, matchState and the blockers a set would hit.
    .DESCRIPTION
    Reads one user per UPN (or on-prem objectGUID) from GET /api/users/{user}/immutable-id. Nothing is written. A
    refusal is one error whose id is the API's code (UserNotFound, Throttled…); the next user still runs.
    .OUTPUTS
    The API's answer (ImmutableIdResponse): user, matchState, onPrem, cloud, checks, blockers.
    .EXAMPLE
    'adele.vance@contoso.com', 'alex.wilber@contoso.com' | Get-ImmutableIdStatus | Select-Object user, matchState
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # The users' UPNs or on-prem objectGUIDs; objects with UserPrincipalName (Get-ADUser, Get-MgUser) pipe in by property.
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        foreach ($user in $UserPrincipalName) {
            $answer = Invoke-ImmutableIdApi -Method Get -Path "users/$([uri]::EscapeDataString($user))/immutable-id"
            if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer) } else { Add-ImmutableIdTypeName $answer.Body 'ImmutableId.Status' }
        }
    }
}

function Set-ImmutableId {
    <#
    .SYNOPSIS
    Hard match: writes the user's AD anchor to the cloud user's onPremisesImmutableId after every guardrail.
    -WhatIf runs the API's dry run (every check, the exact value, nothing written) and returns its answer.
    .DESCRIPTION
    For each user, PUT /api/users/{user}/immutable-id: the API resolves the AD anchor, runs every guardrail, writes
    onPremisesImmutableId, reads it back and audits the attempt. ConfirmImpact is High: it asks unless -Confirm:$false.
    -WhatIf sends dryRun=true and returns the plan. A refusal is one non-terminating error whose id is the API's code
    (PrivilegedTarget, UserBusy…) and whose TargetObject is the problem with its blockers; the next user still runs.
    .OUTPUTS
    The API's answer (ImmutableIdResponse: outcome, matchState, before, after, verified, nextSteps) with OperationId,
    the audit record's id, added.
    .EXAMPLE
    Set-ImmutableId adele.vance@contoso.com -Ticket INC0012345 -WhatIf
    .EXAMPLE
    Get-ADUser -Filter * -SearchBase 'OU=Staff,DC=contoso,DC=com' | Set-ImmutableId -Ticket CHG0042 -Confirm:$false
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType([pscustomobject])]
    param(
        # The users' UPNs or on-prem objectGUIDs; objects with UserPrincipalName (Get-ADUser, Get-MgUser) pipe in by property.
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName,
        # The ITSM ticket recorded in the audit record (e.g. INC0012345).
        [Parameter(ValueFromPipelineByPropertyName)][ValidateLength(1, 128)][string] $Ticket,
        # Why the match is made, recorded in the audit record.
        [ValidateLength(1, 1024)][string] $Reason,
        # Which AD attribute is the anchor: auto (mS-DS-ConsistencyGuid, else objectGUID), consistencyGuid or objectGuid.
        [ValidateSet('auto', 'consistencyGuid', 'objectGuid')][string] $Source = 'auto',
        # Refuse unless the user resolves to this objectGUID (a check that the ticket names the right AD object).
        [guid] $ObjectGuid,
        # Replace a different immutable ID (only where the API's Policy:AllowReplace is true).
        [switch] $Replace,
        # Sent as Idempotency-Key: the same key answers the first response again instead of writing twice.
        [string] $IdempotencyKey
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        foreach ($user in $UserPrincipalName) {
            $body = @{ source = $Source }
            if ($Ticket) { $body.ticket = $Ticket }
            if ($Reason) { $body.reason = $Reason }
            if ($PSBoundParameters.ContainsKey('ObjectGuid')) { $body.objectGuid = $ObjectGuid.ToString() }
            if ($Replace) { $body.replace = $true }
            foreach ($result in @(Invoke-ImmutableIdWrite -Cmdlet $PSCmdlet -Method Put -User $user -Action 'Set onPremisesImmutableId (hard match)' -Body $body -IdempotencyKey $IdempotencyKey)) {
                if ($result -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($result) } else { $result }
            }
        }
    }
}

function Clear-ImmutableId {
    <#
    .SYNOPSIS
    Clears the cloud user's onPremisesImmutableId (an explicit null). -WhatIf runs the API's dry run.
    .DESCRIPTION
    For each user, DELETE /api/users/{user}/immutable-id with the ticket and reason in the query. ConfirmImpact is
    High. A refusal is one non-terminating error whose id is the API's code.
    .OUTPUTS
    The API's answer (ImmutableIdResponse) with OperationId, the audit record's id, added.
    .EXAMPLE
    Clear-ImmutableId adele.vance@contoso.com -Ticket CHG0042 -Reason 'wrong anchor' -Confirm:$false
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    [OutputType([pscustomobject])]
    param(
        # The users' UPNs or on-prem objectGUIDs; objects with UserPrincipalName pipe in by property.
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName,
        # The ITSM ticket recorded in the audit record (e.g. CHG0042).
        [Parameter(ValueFromPipelineByPropertyName)][ValidateLength(1, 128)][string] $Ticket,
        # Why the immutable ID is cleared, recorded in the audit record.
        [ValidateLength(1, 1024)][string] $Reason,
        # Sent as Idempotency-Key: the same key answers the first response again instead of clearing twice.
        [string] $IdempotencyKey
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        foreach ($user in $UserPrincipalName) {
            $query = @{}
            if ($Ticket) { $query.ticket = $Ticket }
            if ($Reason) { $query.reason = $Reason }
            foreach ($result in @(Invoke-ImmutableIdWrite -Cmdlet $PSCmdlet -Method Delete -User $user -Action 'Clear onPremisesImmutableId' -Query $query -IdempotencyKey $IdempotencyKey)) {
                if ($result -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($result) } else { $result }
            }
        }
    }
}

function Get-ImmutableIdOperation {
    <#
    .SYNOPSIS
    Audit records: one by id (the OperationId of a set/clear answer), or a filtered list, newest first, every page.
    .DESCRIPTION
    With -OperationId, GET /api/operations/{id}; otherwise GET /api/operations filtered by user, ticket and time,
    following every page until -First records.
    .OUTPUTS
    Audit records (operationId, time, operation, outcome, dryRun, ticket, reason, target, before, after…).
    .EXAMPLE
    Get-ImmutableIdOperation -UserPrincipalName adele.vance@contoso.com -First 10
    .EXAMPLE
    Set-ImmutableId adele.vance@contoso.com -Confirm:$false | Get-ImmutableIdOperation
    #>
    [CmdletBinding(DefaultParameterSetName = 'List')]
    [OutputType([pscustomobject])]
    param(
        # One audit record's id (the OperationId a set or clear answer carries; pipes in by property).
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Id', ValueFromPipelineByPropertyName)][guid] $OperationId,
        # Only records about this user.
        [Parameter(ParameterSetName = 'List')][Alias('UPN')][string] $UserPrincipalName,
        # Only records with this ticket.
        [Parameter(ParameterSetName = 'List')][string] $Ticket,
        # Only records at or after this instant.
        [Parameter(ParameterSetName = 'List')][datetimeoffset] $From,
        # Only records before this instant.
        [Parameter(ParameterSetName = 'List')][datetimeoffset] $To,
        # Stop after this many records (default: every page).
        [Parameter(ParameterSetName = 'List')][ValidateRange(1, [int]::MaxValue)][int] $First = [int]::MaxValue
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        if ($PSCmdlet.ParameterSetName -eq 'Id') {
            $answer = Invoke-ImmutableIdApi -Method Get -Path "operations/$OperationId"
            if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer) } else { Add-ImmutableIdTypeName $answer.Body 'ImmutableId.Operation' }
            return
        }

        $query = @{ pageSize = [string][Math]::Min(200, $First) }
        if ($UserPrincipalName) { $query.upn = $UserPrincipalName }
        if ($Ticket) { $query.ticket = $Ticket }
        if ($PSBoundParameters.ContainsKey('From')) { $query.from = $From.ToString('o') }
        if ($PSBoundParameters.ContainsKey('To')) { $query.to = $To.ToString('o') }
        $count = 0
        do {
            $answer = Invoke-ImmutableIdApi -Method Get -Path 'operations' -Query $query
            if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
            foreach ($item in $answer.Body.items) {
                if ($count -ge $First) { return }
                $count++
                Add-ImmutableIdTypeName $item 'ImmutableId.Operation'
            }
            $query.continuationToken = $answer.Body.continuationToken
        } while ($answer.Body.continuationToken -and $count -lt $First)
    }
}

function Start-ImmutableIdJob {
    <#
    .SYNOPSIS
    Submits a bulk job (set, clear or assess many users) from the pipeline or a CSV file; -Wait follows it to its end.
    .DESCRIPTION
    Collects every user from the pipeline (or reads -Path, a CSV with the header row user[,source,objectGuid,ticket])
    and sends them as one job to POST /api/jobs. The API validates the whole input first: any invalid row refuses the
    job with the error id InvalidJobInput and TargetObject.errors listing every row; nothing is queued. An assess job
    is a dry run of a set for every user (the readiness report) and needs only ImmutableId.Read; an assess job without
    users discovers its candidates. A set or clear job that is not -DryRun asks for confirmation (ConfirmImpact High);
    -WhatIf submits nothing.
    .OUTPUTS
    The job (JobView: id, state, total, done, counts, codes, links); with -Wait, the job as it ended.
    .EXAMPLE
    Get-ADUser -Filter * -SearchBase 'OU=Staff,DC=contoso,DC=com' | Start-ImmutableIdJob -Operation assess -Wait
    .EXAMPLE
    Start-ImmutableIdJob -Operation set -Path .\users.csv -Ticket CHG0042 -DryRun -Wait
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High', DefaultParameterSetName = 'Pipeline')]
    [OutputType([pscustomobject])]
    param(
        # set (hard match), clear, or assess (a dry run of a set for every user).
        [Parameter(Mandatory)][ValidateSet('set', 'clear', 'assess')][string] $Operation,
        # The users' UPNs or on-prem objectGUIDs; objects with UserPrincipalName pipe in by property.
        [Parameter(ParameterSetName = 'Pipeline', Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName,
        # A CSV file with the header row user[,source,objectGuid,ticket], sent as text/csv.
        [Parameter(Mandatory, ParameterSetName = 'Csv')][string] $Path,
        # Every check for every user, nothing written.
        [switch] $DryRun,
        # For set: auto (mS-DS-ConsistencyGuid, else objectGUID), consistencyGuid or objectGuid.
        [ValidateSet('auto', 'consistencyGuid', 'objectGuid')][string] $Source,
        # The ITSM ticket recorded in every user's audit record.
        [ValidateLength(1, 128)][string] $Ticket,
        # Why, recorded in every user's audit record.
        [ValidateLength(1, 1024)][string] $Reason,
        # Follow the job until it ends (Wait-ImmutableIdJob), showing progress.
        [switch] $Wait
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
        $users = [System.Collections.Generic.List[string]]::new()
    }
    process {
        foreach ($user in @($UserPrincipalName)) { if ($user) { $users.Add($user) } }
    }
    end {
        $writes = $Operation -ne 'assess' -and -not $DryRun
        $what = if ($PSCmdlet.ParameterSetName -eq 'Csv') { $Path } else { "$($users.Count) user(s)" }
        if ($writes -and -not $PSCmdlet.ShouldProcess($what, "Submit a $Operation job that writes")) { return }
        if (-not $writes -and $WhatIfPreference) { Write-Host "What if: submit a $Operation job (dry run) for $what"; return }

        if ($PSCmdlet.ParameterSetName -eq 'Csv') {
            $query = @{ operation = $Operation }
            if ($DryRun) { $query.dryRun = 'true' }
            if ($Source) { $query.source = $Source }
            if ($Ticket) { $query.ticket = $Ticket }
            if ($Reason) { $query.reason = $Reason }
            $csv = [System.IO.File]::ReadAllText((Resolve-Path -LiteralPath $Path).ProviderPath)
            $answer = Invoke-ImmutableIdApi -Method Post -Path 'jobs' -Query $query -RawBody $csv -ContentType 'text/csv'
        }
        else {
            $body = @{ operation = $Operation }
            if ($users.Count -gt 0) { $body.users = $users.ToArray() }
            if ($DryRun) { $body.dryRun = $true }
            if ($Source) { $body.source = $Source }
            if ($Ticket) { $body.ticket = $Ticket }
            if ($Reason) { $body.reason = $Reason }
            $answer = Invoke-ImmutableIdApi -Method Post -Path 'jobs' -Body $body
        }

        if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
        if ($Wait) { $answer.Body | Wait-ImmutableIdJob } else { $answer.Body }
    }
}

function Get-ImmutableIdJob {
    <#
    .SYNOPSIS
    One bulk job by id, or your jobs (newest first, at most 50).
    .DESCRIPTION
    GET /api/jobs/{id} or GET /api/jobs. A job is visible only to the app and principal that submitted it; any other
    id is refused with the error id JobNotFound.
    .OUTPUTS
    Jobs (JobView: id, operation, state, dryRun, total, done, counts, codes, usersPerSecond, estimatedCompletion, links).
    .EXAMPLE
    Get-ImmutableIdJob | Where-Object state -eq 'running'
    #>
    [CmdletBinding(DefaultParameterSetName = 'List')]
    [OutputType([pscustomobject])]
    param(
        # The job's id (pipes in by the id property of a job).
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Id', ValueFromPipelineByPropertyName)][guid] $Id
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        $path = if ($PSCmdlet.ParameterSetName -eq 'Id') { "jobs/$Id" } else { 'jobs' }
        $answer = Invoke-ImmutableIdApi -Method Get -Path $path
        if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
        if ($PSCmdlet.ParameterSetName -eq 'Id') { $answer.Body } else { $answer.Body.jobs }
    }
}

function Wait-ImmutableIdJob {
    <#
    .SYNOPSIS
    Follows a bulk job with Write-Progress until it ends (completed, cancelled or failed).
    .DESCRIPTION
    Reads the job every -PollSeconds (or after the API's Retry-After when it asks for one) and shows users done of
    total, the rate and the estimated completion. Stops at -TimeoutSec with the error id WaitTimeout (the job runs on).
    .OUTPUTS
    The job as it ended (JobView).
    .EXAMPLE
    Start-ImmutableIdJob -Operation assess -Path .\users.csv | Wait-ImmutableIdJob | Select-Object state, counts
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # The job's id (pipes in by the id property of a job).
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)][guid] $Id,
        # Seconds between reads of the job (default 2).
        [ValidateRange(1, 300)][int] $PollSeconds = 2,
        # Give up waiting after this many seconds (default: wait until the job ends).
        [ValidateRange(1, [int]::MaxValue)][int] $TimeoutSec = [int]::MaxValue
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        $started = [datetime]::UtcNow
        $activity = "ImmutableId job $Id"
        while ($true) {
            $answer = Invoke-ImmutableIdApi -Method Get -Path "jobs/$Id"
            if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
            $job = $answer.Body
            $percent = if ($job.total -gt 0) { [int][Math]::Floor(100 * $job.done / $job.total) } else { 100 }
            $status = "$($job.state): $($job.done) of $($job.total) user(s)"
            if ($job.usersPerSecond) { $status += ", $($job.usersPerSecond)/s" }
            if ($job.state -in 'completed', 'cancelled', 'failed') {
                Write-Progress -Activity $activity -Status $status -PercentComplete 100 -Completed
                return $job
            }
            Write-Progress -Activity $activity -Status $status -PercentComplete $percent
            if (([datetime]::UtcNow - $started).TotalSeconds -ge $TimeoutSec) {
                Write-Progress -Activity $activity -Completed
                $PSCmdlet.WriteError((New-ImmutableIdError -Code 'WaitTimeout' -Detail "Job $Id is still $($job.state) after $TimeoutSec s; it runs on (Wait-ImmutableIdJob again, or Stop-ImmutableIdJob)." -Category OperationTimeout -Target $job))
                return
            }
            Start-Sleep -Seconds $PollSeconds
        }
    }
}

function Get-ImmutableIdJobItem {
    <#
    .SYNOPSIS
    The users of a bulk job with their outcome and codes, every page, filtered by outcome and code.
    .DESCRIPTION
    GET /api/jobs/{id}/items, following nextLink to the last page.
    .OUTPUTS
    Job items (index, user, status, codes, cloudId, onPremDistinguishedName, anchor, operationId, ticket, detail…).
    .EXAMPLE
    Get-ImmutableIdJobItem $job.id -Outcome refused -Code PrivilegedTarget | Select-Object user, detail
    #>
    [CmdletBinding()]
    [OutputType([pscustomobject])]
    param(
        # The job's id (pipes in by the id property of a job).
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)][guid] $Id,
        # Only users with this outcome.
        [ValidateSet('queued', 'running', 'succeeded', 'noChange', 'planned', 'refused', 'failed', 'cancelled')][string] $Outcome,
        # Only users with this guardrail code (e.g. PrivilegedTarget).
        [ValidatePattern('^[A-Za-z0-9]{1,64}$')][string] $Code
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        $query = @{ pageSize = '500' }
        if ($Outcome) { $query.outcome = $Outcome }
        if ($Code) { $query.code = $Code }
        $next = "jobs/$Id/items"
        while ($next) {
            $answer = Invoke-ImmutableIdApi -Method Get -Path $next -Query $query
            if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
            $answer.Body.items
            # nextLink is absolute and carries the filters and the continuation token.
            $next = $answer.Body.nextLink
            $query = @{}
        }
    }
}

function Stop-ImmutableIdJob {
    <#
    .SYNOPSIS
    Cancels a bulk job: no user that has not started will start; users in flight finish.
    .DESCRIPTION
    DELETE /api/jobs/{id}. Cancelling a finished job changes nothing.
    .OUTPUTS
    The job, cancelled or as it finished (JobView).
    .EXAMPLE
    Get-ImmutableIdJob | Where-Object state -eq 'running' | Stop-ImmutableIdJob -Confirm:$false
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'Medium')]
    [OutputType([pscustomobject])]
    param(
        # The job's id (pipes in by the id property of a job).
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)][guid] $Id
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        if (-not $PSCmdlet.ShouldProcess("job $Id", 'Cancel')) { return }
        $answer = Invoke-ImmutableIdApi -Method Delete -Path "jobs/$Id"
        if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
        $answer.Body
    }
}

function Save-ImmutableIdJobReport {
    <#
    .SYNOPSIS
    Saves a bulk job's readiness report: its users as CSV, filtered like Get-ImmutableIdJobItem, or the HTML page.
    .DESCRIPTION
    -Format Csv (the default): GET /api/jobs/{id}/items.csv, written to -Path as UTF-8; cells a caller chose never start
    a formula. -Format Html: GET /api/jobs/{id}/report, one self-contained page (charts per outcome and code, what each
    code means and what to do, the users per code) to open in a browser or attach to a change; -Outcome and -Code do not apply.
    .OUTPUTS
    System.IO.FileInfo: the file written.
    .EXAMPLE
    Save-ImmutableIdJobReport $job.id -Path .\readiness.csv -Outcome refused
    .EXAMPLE
    Save-ImmutableIdJobReport $job.id -Path .\readiness.html -Format Html; Invoke-Item .\readiness.html
    #>
    [CmdletBinding()]
    [OutputType([System.IO.FileInfo])]
    param(
        # The job's id (pipes in by the id property of a job).
        [Parameter(Mandatory, Position = 0, ValueFromPipelineByPropertyName)][guid] $Id,
        # Where to write the report.
        [Parameter(Mandatory, Position = 1)][string] $Path,
        # Csv (the users, filtered by -Outcome and -Code) or Html (the report page).
        [ValidateSet('Csv', 'Html')][string] $Format = 'Csv',
        # Only users with this outcome.
        [ValidateSet('queued', 'running', 'succeeded', 'noChange', 'planned', 'refused', 'failed', 'cancelled')][string] $Outcome,
        # Only users with this guardrail code (e.g. PrivilegedTarget).
        [ValidatePattern('^[A-Za-z0-9]{1,64}$')][string] $Code
    )
    begin {
        $notConnected = Get-ImmutableIdConnectionError
        if ($notConnected) { $PSCmdlet.ThrowTerminatingError($notConnected) }
    }
    process {
        $query = @{}
        if ($Outcome) { $query.outcome = $Outcome }
        if ($Code) { $query.code = $Code }
        if ($Format -eq 'Html' -and $query.Count) {
            $PSCmdlet.ThrowTerminatingError([System.Management.Automation.ErrorRecord]::new(
                [System.ArgumentException]::new('-Outcome and -Code filter the CSV; the HTML report always holds every user.'), 'FilterNotForHtml', 'InvalidArgument', $Format))
        }
        $resource = if ($Format -eq 'Html') { "jobs/$Id/report" } else { "jobs/$Id/items.csv" }
        $answer = Invoke-ImmutableIdApi -Method Get -Path $resource -Query $query -Text
        if ($answer -is [System.Management.Automation.ErrorRecord]) { $PSCmdlet.WriteError($answer); return }
        $full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
        [System.IO.File]::WriteAllText($full, $answer.Text, [System.Text.UTF8Encoding]::new($false))
        Get-Item -LiteralPath $full
    }
}

# --- private ---------------------------------------------------------------------------------------------------------

function Get-ImmutableIdConnectionError {
    # The NotConnected error, or $null when Connect-ImmutableIdApi ran (callers throw it as a terminating error).
    if ($null -eq $script:Connection) {
        return (New-ImmutableIdError -Code 'NotConnected' -Detail 'Run Connect-ImmutableIdApi first.' -Category ConnectionError -Target $null)
    }
    $null
}

function Invoke-ImmutableIdWrite {
    # Returns the answer's body (with OperationId), an ErrorRecord for the caller to write, or nothing when declined.
    param($Cmdlet, [string] $Method, [string] $User, [string] $Action, [hashtable] $Body, [hashtable] $Query = @{}, [string] $IdempotencyKey)
    $path = "users/$([uri]::EscapeDataString($User))/immutable-id"
    $headers = @{}
    if ($IdempotencyKey) { $headers['Idempotency-Key'] = $IdempotencyKey }
    if ($Cmdlet.ShouldProcess($User, $Action)) {
        $answer = Invoke-ImmutableIdApi -Method $Method -Path $path -Query $Query -Body $Body -Headers $headers
    }
    elseif ($WhatIfPreference) {
        # -WhatIf is the API's dry run: every check and the exact change, nothing written.
        $Query = $Query.Clone(); $Query.dryRun = 'true'
        $answer = Invoke-ImmutableIdApi -Method $Method -Path $path -Query $Query -Body $Body -Headers $headers
    }
    else {
        return
    }

    if ($answer -is [System.Management.Automation.ErrorRecord]) { return $answer }
    Add-Member -InputObject $answer.Body -NotePropertyName OperationId -NotePropertyValue $answer.OperationId -Force
    Add-ImmutableIdTypeName $answer.Body 'ImmutableId.WriteResult'
}

function Get-ImmutableIdRetryDelay {
    # Retry-After as seconds (delta-seconds or an HTTP date); $null when absent or unreadable.
    param([System.Net.Http.HttpResponseMessage] $Response)
    $retryAfter = $Response.Headers.RetryAfter
    if ($null -eq $retryAfter) { return $null }
    if ($null -ne $retryAfter.Delta) { return [Math]::Max(0, [int][Math]::Ceiling($retryAfter.Delta.TotalSeconds)) }
    if ($null -ne $retryAfter.Date) { return [Math]::Max(0, [int][Math]::Ceiling(($retryAfter.Date - [datetimeoffset]::UtcNow).TotalSeconds)) }
    $null
}

function Add-ImmutableIdTypeName {
    # The type name its default view (ImmutableId.format.ps1xml) is selected by; returns the object.
    param($InputObject, [string] $TypeName)
    $InputObject.PSObject.TypeNames.Insert(0, $TypeName)
    $InputObject
}

function Invoke-ImmutableIdApi {
    # One call: the answer ([pscustomobject] Status, OperationId, Headers, Body, Text) or exactly one ErrorRecord
    # (never written here: the public command writes it, so -ErrorVariable and $Error hold one record per refusal).
    # 429 and 503 are retried after Retry-After, at most MaxRetries times.
    param([string] $Method, [string] $Path, [hashtable] $Query = @{}, [hashtable] $Body, [hashtable] $Headers = @{},
        [string] $RawBody, [string] $ContentType = 'application/json', [switch] $Text)
    $notConnected = Get-ImmutableIdConnectionError
    if ($notConnected) { return $notConnected }

    $uri = if ($Path -match '^https?://') { $Path } else { "$($script:Connection.BaseUri)/$Path" }
    if ($Query.Count -gt 0) {
        $uri += '?' + (($Query.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$([uri]::EscapeDataString([string]$_.Value))" }) -join '&')
    }

    $attempt = 0
    while ($true) {
        $token = & $script:Connection.TokenProvider
        if ($token -is [securestring]) {
            $token = [System.Net.NetworkCredential]::new('', $token).Password
        }

        $request = [System.Net.Http.HttpRequestMessage]::new([System.Net.Http.HttpMethod]::new($Method.ToUpperInvariant()), $uri)
        $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
        foreach ($header in $Headers.GetEnumerator()) { [void]$request.Headers.TryAddWithoutValidation($header.Name, [string]$header.Value) }
        if ($null -ne $Body) {
            $request.Content = [System.Net.Http.StringContent]::new(($Body | ConvertTo-Json -Depth 5), [System.Text.Encoding]::UTF8, 'application/json')
        }
        elseif ($RawBody) {
            $request.Content = [System.Net.Http.StringContent]::new($RawBody, [System.Text.Encoding]::UTF8, $ContentType)
        }

        # Waited on through WhenAny, which never throws: a caught exception would still land in $Error and in the
        # caller's -ErrorVariable, beside the one record this call reports.
        $send = $script:Http.SendAsync($request)
        [void][System.Threading.Tasks.Task]::WhenAny($send).GetAwaiter().GetResult()
        $request.Dispose()
        if ($send.IsCanceled) {
            return (New-ImmutableIdError -Code 'Timeout' -Detail "$Method $uri did not answer within $($script:Connection.TimeoutSec) s (Connect-ImmutableIdApi -TimeoutSec). A write may still have happened: read the user's status or the audit records before retrying." -Category OperationTimeout -Target $uri)
        }
        if ($send.IsFaulted) {
            $inner = $send.Exception.GetBaseException()
            return (New-ImmutableIdError -Code 'HttpError' -Detail "$Method $uri failed: $($inner.Message)" -Category ConnectionError -Target $uri)
        }
        $response = $send.Result
        $read = $response.Content.ReadAsStringAsync()
        [void][System.Threading.Tasks.Task]::WhenAny($read).GetAwaiter().GetResult()
        if ($read.IsCanceled -or $read.IsFaulted) {
            return (New-ImmutableIdError -Code 'Timeout' -Detail "$Method $uri answered $([int]$response.StatusCode) but its body did not arrive within $($script:Connection.TimeoutSec) s." -Category OperationTimeout -Target $uri)
        }
        $content = $read.Result

        $status = [int]$response.StatusCode
        if ($status -eq 429 -or $status -eq 503) {
            $delay = Get-ImmutableIdRetryDelay -Response $response
            if ($attempt -lt $script:Connection.MaxRetries -and $null -ne $delay -and $delay -le $script:Connection.MaxRetryAfterSec) {
                $attempt++
                Write-Verbose "$Method $uri answered $status; retry $attempt of $($script:Connection.MaxRetries) after $delay s (Retry-After)."
                Start-Sleep -Seconds $delay
                continue
            }
        }

        break
    }

    if ($status -ge 400) {
        $problem = $null
        $mediaType = if ($response.Content.Headers.ContentType) { $response.Content.Headers.ContentType.MediaType } else { '' }
        if ($mediaType -match '^application/(problem\+)?json$' -and $content) {
            try { $problem = $content | ConvertFrom-Json -ErrorAction Stop } catch { $problem = $null }
        }
        if ($null -eq $problem -or -not ($problem -is [pscustomobject]) -or -not $problem.PSObject.Properties['code']) {
            return (New-ImmutableIdError -Code "Http$status" -Detail "$Method $uri answered $status $($response.ReasonPhrase) without a problem body." -Category ConnectionError -Target $uri)
        }
        $category = switch ($status) {
            400 { 'InvalidArgument' } 401 { 'AuthenticationError' } 403 { 'PermissionDenied' } 404 { 'ObjectNotFound' }
            409 { 'ResourceExists' } 422 { 'InvalidOperation' } 429 { 'LimitsExceeded' } 502 { 'ConnectionError' } 503 { 'ResourceUnavailable' } default { 'NotSpecified' }
        }
        if ($attempt -gt 0) { $problem.detail = "$($problem.detail) (after $attempt retr$(if ($attempt -eq 1) { 'y' } else { 'ies' }))" }
        return (New-ImmutableIdError -Code $problem.code -Detail $problem.detail -Category $category -Target $problem)
    }

    $operationId = $null
    $values = $null
    if ($response.Headers.TryGetValues('X-Operation-Id', [ref]$values)) { $operationId = [string]($values | Select-Object -First 1) }
    $location = if ($response.Headers.Location) { [string]$response.Headers.Location } else { $null }
    $parsed = $null
    if (-not $Text -and $content) { $parsed = $content | ConvertFrom-Json }
    [pscustomobject]@{ Status = $status; OperationId = $operationId; Location = $location; Body = $parsed; Text = $content }
}

function New-ImmutableIdError {
    param([string] $Code, [string] $Detail, [System.Management.Automation.ErrorCategory] $Category, $Target)
    $record = [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Detail), $Code, $Category, $Target)
    $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($Detail)
    if ($Target -and $Target.PSObject.Properties['blockers'] -and $Target.blockers) {
        $record.ErrorDetails.RecommendedAction = ($Target.blockers | ForEach-Object { "$($_.code): $($_.detail)" }) -join ' '
    }
    $record
}

Export-ModuleMember -Function Connect-ImmutableIdApi, Disconnect-ImmutableIdApi, Get-ImmutableIdStatus, Set-ImmutableId, Clear-ImmutableId,
    ConvertTo-ImmutableId, ConvertFrom-ImmutableId, Get-ImmutableIdOperation,
    Start-ImmutableIdJob, Get-ImmutableIdJob, Wait-ImmutableIdJob, Get-ImmutableIdJobItem, Stop-ImmutableIdJob, Save-ImmutableIdJobReport
