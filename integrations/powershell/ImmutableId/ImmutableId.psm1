# ImmutableId: a PowerShell client for the ImmutableId Functions API (see ../README.md).
# Works on PowerShell 7.x and Windows PowerShell 5.1 (no 7-only syntax). Problems the API answers
# (RFC 9457 application/problem+json) become PowerShell errors: FullyQualifiedErrorId starts with the API's `code`,
# the message is its `detail`, TargetObject is the whole problem (blockers, warnings, traceId…).

Set-StrictMode -Version 3.0

$script:Connection = $null

function Connect-ImmutableIdApi {
    <#
    .SYNOPSIS
    Remembers where the API is and how to get a token for it (the token itself is fetched per call).
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
        [Parameter(ParameterSetName = 'Sandbox')][string[]] $Roles
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

    $script:Connection = [pscustomobject]@{ BaseUri = "$root/api"; TokenProvider = $provider; Kind = $PSCmdlet.ParameterSetName }
    [pscustomobject]@{ PSTypeName = 'ImmutableId.Connection'; BaseUri = "$root/api"; Authentication = $PSCmdlet.ParameterSetName }
}

function Disconnect-ImmutableIdApi {
    <# .SYNOPSIS Forgets the connection. #>
    [CmdletBinding()] param()
    $script:Connection = $null
}

function ConvertTo-ImmutableId {
    <#
    .SYNOPSIS
    objectGUID (or mS-DS-ConsistencyGuid as a GUID) -> the Base64 ImmutableId, offline (no call).
    .EXAMPLE
    Get-ADUser adele.vance | ConvertTo-ImmutableId
    .EXAMPLE
    ConvertTo-ImmutableId 35918bc9-196d-40ea-9779-889d79b753f0   # yYuRNW0Z6kCXeYidebdT8A==
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('ObjectGUID')][guid] $Guid)
    process { [Convert]::ToBase64String($Guid.ToByteArray()) }
}

function ConvertFrom-ImmutableId {
    <#
    .SYNOPSIS
    The Base64 ImmutableId (onPremisesImmutableId) -> the GUID AD shows as objectGUID, offline (no call).
    .EXAMPLE
    'yYuRNW0Z6kCXeYidebdT8A==' | ConvertFrom-ImmutableId   # 35918bc9-196d-40ea-9779-889d79b753f0
    #>
    [CmdletBinding()]
    [OutputType([guid])]
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('OnPremisesImmutableId')][string] $ImmutableId)
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
    .EXAMPLE
    'adele.vance@contoso.com', 'alex.wilber@contoso.com' | Get-ImmutableIdStatus | Select-Object user, matchState
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName)
    process {
        foreach ($user in $UserPrincipalName) {
            $answer = Invoke-ImmutableIdApi -Cmdlet $PSCmdlet -Method Get -Path "users/$([uri]::EscapeDataString($user))/immutable-id"
            if ($answer) { Add-ImmutableIdTypeName $answer.Body 'ImmutableId.Status' }
        }
    }
}

function Set-ImmutableId {
    <#
    .SYNOPSIS
    Hard match: writes the user's AD anchor to the cloud user's onPremisesImmutableId after every guardrail.
    -WhatIf runs the API's dry run (every check, the exact value, nothing written) and returns its answer.
    .EXAMPLE
    Set-ImmutableId adele.vance@contoso.com -Ticket INC0012345 -WhatIf
    .EXAMPLE
    Get-ADUser -Filter * -SearchBase 'OU=Staff,DC=contoso,DC=com' | Set-ImmutableId -Ticket CHG0042 -Confirm:$false
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName,
        [Parameter(ValueFromPipelineByPropertyName)][ValidateLength(1, 128)][string] $Ticket,
        [ValidateLength(1, 1024)][string] $Reason,
        [ValidateSet('auto', 'consistencyGuid', 'objectGuid')][string] $Source = 'auto',
        # Refuse unless the user resolves to this objectGUID (a check that the ticket names the right AD object).
        [guid] $ObjectGuid,
        # Replace a different immutable ID (only where the API's Policy:AllowReplace is true).
        [switch] $Replace,
        # Sent as Idempotency-Key: the same key answers the first response again instead of writing twice.
        [string] $IdempotencyKey
    )
    process {
        foreach ($user in $UserPrincipalName) {
            $body = @{ source = $Source }
            if ($Ticket) { $body.ticket = $Ticket }
            if ($Reason) { $body.reason = $Reason }
            if ($PSBoundParameters.ContainsKey('ObjectGuid')) { $body.objectGuid = $ObjectGuid.ToString() }
            if ($Replace) { $body.replace = $true }
            Invoke-ImmutableIdWrite -Cmdlet $PSCmdlet -Method Put -User $user -Action 'Set onPremisesImmutableId (hard match)' -Body $body -IdempotencyKey $IdempotencyKey
        }
    }
}

function Clear-ImmutableId {
    <#
    .SYNOPSIS
    Clears the cloud user's onPremisesImmutableId (an explicit null). -WhatIf runs the API's dry run.
    .EXAMPLE
    Clear-ImmutableId adele.vance@contoso.com -Ticket CHG0042 -Reason 'wrong anchor' -Confirm:$false
    #>
    [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory, Position = 0, ValueFromPipeline, ValueFromPipelineByPropertyName)][Alias('UPN', 'User')][string[]] $UserPrincipalName,
        [Parameter(ValueFromPipelineByPropertyName)][ValidateLength(1, 128)][string] $Ticket,
        [ValidateLength(1, 1024)][string] $Reason,
        [string] $IdempotencyKey
    )
    process {
        foreach ($user in $UserPrincipalName) {
            $query = @{}
            if ($Ticket) { $query.ticket = $Ticket }
            if ($Reason) { $query.reason = $Reason }
            Invoke-ImmutableIdWrite -Cmdlet $PSCmdlet -Method Delete -User $user -Action 'Clear onPremisesImmutableId' -Query $query -IdempotencyKey $IdempotencyKey
        }
    }
}

function Get-ImmutableIdOperation {
    <#
    .SYNOPSIS
    Audit records: one by id (the OperationId of a set/clear answer), or a filtered list, newest first, every page.
    .EXAMPLE
    Get-ImmutableIdOperation -UserPrincipalName adele.vance@contoso.com -First 10
    .EXAMPLE
    Set-ImmutableId adele.vance@contoso.com -Confirm:$false | Get-ImmutableIdOperation
    #>
    [CmdletBinding(DefaultParameterSetName = 'List')]
    param(
        [Parameter(Mandatory, Position = 0, ParameterSetName = 'Id', ValueFromPipelineByPropertyName)][guid] $OperationId,
        [Parameter(ParameterSetName = 'List')][Alias('UPN')][string] $UserPrincipalName,
        [Parameter(ParameterSetName = 'List')][string] $Ticket,
        [Parameter(ParameterSetName = 'List')][datetimeoffset] $From,
        [Parameter(ParameterSetName = 'List')][datetimeoffset] $To,
        # Stop after this many records (default: every page).
        [Parameter(ParameterSetName = 'List')][ValidateRange(1, [int]::MaxValue)][int] $First = [int]::MaxValue
    )
    process {
        if ($PSCmdlet.ParameterSetName -eq 'Id') {
            $answer = Invoke-ImmutableIdApi -Cmdlet $PSCmdlet -Method Get -Path "operations/$OperationId"
            if ($answer) { Add-ImmutableIdTypeName $answer.Body 'ImmutableId.Operation' }
            return
        }

        $query = @{ pageSize = [string][Math]::Min(200, $First) }
        if ($UserPrincipalName) { $query.upn = $UserPrincipalName }
        if ($Ticket) { $query.ticket = $Ticket }
        if ($PSBoundParameters.ContainsKey('From')) { $query.from = $From.ToString('o') }
        if ($PSBoundParameters.ContainsKey('To')) { $query.to = $To.ToString('o') }
        $count = 0
        do {
            $answer = Invoke-ImmutableIdApi -Cmdlet $PSCmdlet -Method Get -Path 'operations' -Query $query
            if (-not $answer) { return }
            foreach ($item in $answer.Body.items) {
                if ($count -ge $First) { return }
                $count++
                Add-ImmutableIdTypeName $item 'ImmutableId.Operation'
            }
            $query.continuationToken = $answer.Body.continuationToken
        } while ($answer.Body.continuationToken -and $count -lt $First)
    }
}

# --- private ---------------------------------------------------------------------------------------------------------

function Invoke-ImmutableIdWrite {
    param($Cmdlet, [string] $Method, [string] $User, [string] $Action, [hashtable] $Body, [hashtable] $Query = @{}, [string] $IdempotencyKey)
    $path = "users/$([uri]::EscapeDataString($User))/immutable-id"
    $headers = @{}
    if ($IdempotencyKey) { $headers['Idempotency-Key'] = $IdempotencyKey }
    if ($Cmdlet.ShouldProcess($User, $Action)) {
        $answer = Invoke-ImmutableIdApi -Cmdlet $Cmdlet -Method $Method -Path $path -Query $Query -Body $Body -Headers $headers
    }
    elseif ($WhatIfPreference) {
        # -WhatIf is the API's dry run: every check and the exact change, nothing written.
        $Query = $Query.Clone(); $Query.dryRun = 'true'
        $answer = Invoke-ImmutableIdApi -Cmdlet $Cmdlet -Method $Method -Path $path -Query $Query -Body $Body -Headers $headers
    }
    else {
        return
    }

    if ($answer) {
        Add-Member -InputObject $answer.Body -NotePropertyName OperationId -NotePropertyValue $answer.OperationId -Force
        Add-ImmutableIdTypeName $answer.Body 'ImmutableId.WriteResult'
    }
}

function Add-ImmutableIdTypeName {
    # The type name its default view (ImmutableId.format.ps1xml) is selected by; returns the object.
    param($InputObject, [string] $TypeName)
    $InputObject.PSObject.TypeNames.Insert(0, $TypeName)
    $InputObject
}

function Invoke-ImmutableIdApi {
    param($Cmdlet, [string] $Method, [string] $Path, [hashtable] $Query = @{}, [hashtable] $Body, [hashtable] $Headers = @{})
    if ($null -eq $script:Connection) {
        $Cmdlet.ThrowTerminatingError((New-ImmutableIdError -Code 'NotConnected' -Detail 'Run Connect-ImmutableIdApi first.' -Category ConnectionError -Target $null))
    }

    $uri = "$($script:Connection.BaseUri)/$Path"
    if ($Query.Count -gt 0) {
        $uri += '?' + (($Query.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Name)=$([uri]::EscapeDataString([string]$_.Value))" }) -join '&')
    }

    $token = & $script:Connection.TokenProvider
    if ($token -is [securestring]) {
        $token = [System.Net.NetworkCredential]::new('', $token).Password
    }

    $request = @{
        Method          = $Method
        Uri             = $uri
        Headers         = @{ Authorization = "Bearer $token" } + $Headers
        UseBasicParsing = $true
        ErrorAction     = 'Stop'
    }
    if ($null -ne $Body) {
        $request.ContentType = 'application/json'
        $request.Body = [System.Text.Encoding]::UTF8.GetBytes(($Body | ConvertTo-Json -Depth 5))
    }

    try {
        $response = Invoke-WebRequest @request
    }
    catch {
        $status = $null
        if ($_.Exception.PSObject.Properties['Response'] -and $_.Exception.Response) { $status = [int]$_.Exception.Response.StatusCode }
        $problem = $null
        if ($_.ErrorDetails -and $_.ErrorDetails.Message) {
            try { $problem = $_.ErrorDetails.Message | ConvertFrom-Json -ErrorAction Stop } catch { $problem = $null }
        }
        if ($null -eq $problem -or -not $problem.PSObject.Properties['code']) {
            $Cmdlet.WriteError((New-ImmutableIdError -Code 'HttpError' -Detail "$Method $uri failed: $($_.Exception.Message)" -Category ConnectionError -Target $uri))
            return
        }
        $category = switch ($status) {
            400 { 'InvalidArgument' } 401 { 'AuthenticationError' } 403 { 'PermissionDenied' } 404 { 'ObjectNotFound' }
            409 { 'ResourceExists' } 422 { 'InvalidOperation' } 503 { 'ResourceUnavailable' } default { 'NotSpecified' }
        }
        $Cmdlet.WriteError((New-ImmutableIdError -Code $problem.code -Detail $problem.detail -Category $category -Target $problem))
        return
    }

    $operationId = $null
    if ($response.Headers['X-Operation-Id']) { $operationId = [string]($response.Headers['X-Operation-Id'] | Select-Object -First 1) }
    $content = $response.Content
    if ($content -is [byte[]]) { $content = [System.Text.Encoding]::UTF8.GetString($content) }
    [pscustomobject]@{ Status = [int]$response.StatusCode; OperationId = $operationId; Body = ($content | ConvertFrom-Json) }
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

Export-ModuleMember -Function Connect-ImmutableIdApi, Disconnect-ImmutableIdApi, Get-ImmutableIdStatus, Set-ImmutableId, Clear-ImmutableId, ConvertTo-ImmutableId, ConvertFrom-ImmutableId, Get-ImmutableIdOperation
