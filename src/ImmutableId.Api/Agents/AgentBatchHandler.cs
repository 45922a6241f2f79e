using System.Diagnostics;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Core.Agents;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.Audit;
using ImmutableId.Core.OnPrem;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Agents;

/// <summary>
/// <c>POST /api/agent/batches</c>: an on-prem agent's batch into the mirror. Only tokens with the app role
/// ImmutableId.Agent, only from an identity bound in <c>Agents:Bindings</c>; the body's <c>Content-Digest</c> must match,
/// the batch must fit the limits, every entry must sit inside the agent's base DNs and UPN domains, and the sequence
/// must be newer than the last applied one. Any refusal applies nothing and is written to the audit log.
/// </summary>
public sealed partial class AgentBatchHandler(
    ApiAdmission admission,
    IOnPremMirror mirror,
    IAuditLog audit,
    IOptions<AgentOptions> options,
    TimeProvider timeProvider,
    ILogger<AgentBatchHandler> logger)
{
    private const int MaxDistinguishedNameLength = 2048;
    private const int MaxValueLength = 1024;

    /// <summary>
    /// Authorizes, checks and applies one batch. The request itself comes in, not a parsed body: the caller is admitted
    /// (and a refusal audited) before a byte is read, and the Content-Digest is checked over the raw bytes before they are parsed.
    /// </summary>
    /// <param name="request">The batch request: its token, Content-Type, Content-Digest and body.</param>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<AgentBatchResponse>> PostAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.HttpContext;
        var decision = await admission.AdmitAsync(context, AppRoles.Agent, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            if (decision.Caller is { } refused)
            {
                await AuditAsync(refused, null, null, ProblemCodes.InsufficientRole, $"The caller lacks the app role {AppRoles.Agent}.", cancellationToken).ConfigureAwait(false);
            }

            return Refused(decision.Denied!);
        }

        var caller = decision.Caller!;
        var settings = options.Value;
        var binding = settings.BindingFor(caller.Identity.AppId);
        if (binding is null)
        {
            return Refused(await RefuseAsync(context, caller, null, null, StatusCodes.Status403Forbidden, ProblemCodes.AgentNotBound, "Agent not bound",
                $"The identity {caller.Identity.AppId} holds {AppRoles.Agent} but no agent is bound to it. Add it to the API's settings: Agents__Bindings__N__AppId, with its Id, BaseDns and UpnDomains.",
                cancellationToken).ConfigureAwait(false));
        }

        if (!string.IsNullOrEmpty(request.ContentType) && !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Unsupported media type",
                "Send the batch as JSON with Content-Type: application/json."));
        }

        var read = await RequestBody.ReadAsync(request, settings.MaxBatchBytes, cancellationToken).ConfigureAwait(false);
        if (read.Error is { } unreadable)
        {
            return Refused(JsonBody.Unreadable(context, unreadable));
        }

        var body = read.Bytes.ToArray();
        if (read.TooLarge)
        {
            return Refused(await RefuseAsync(context, caller, binding, null, StatusCodes.Status413PayloadTooLarge, ProblemCodes.AgentBatchTooLarge, "Batch too large",
                $"The batch is larger than {settings.MaxBatchBytes} bytes (Agents:MaxBatchBytes). Send smaller batches (Agent:BatchSize).", cancellationToken).ConfigureAwait(false));
        }

        if (ContentDigest.Verify(request.Headers[ContentDigest.HeaderName].ToString(), body) is { } digestError)
        {
            var missing = digestError == "missing";
            return Refused(await RefuseAsync(context, caller, binding, null, StatusCodes.Status400BadRequest,
                missing ? ProblemCodes.ContentDigestMissing : ProblemCodes.ContentDigestMismatch,
                missing ? "Content-Digest missing" : "Content-Digest does not match",
                missing
                    ? "Send the RFC 9530 header Content-Digest: sha-256=:<Base64 of SHA-256 of the body>:."
                    : $"Content-Digest: {digestError}. The body was changed in transit or the digest was computed over other bytes; nothing was applied.",
                cancellationToken).ConfigureAwait(false));
        }

        AgentBatchBody? batch;
        try
        {
            batch = JsonSerializer.Deserialize<AgentBatchBody>(body, ApiJson.Options);
        }
        catch (JsonException)
        {
            batch = null;
        }

        if (batch is null)
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.InvalidJson, "Invalid JSON",
                "The body is not an agent batch: { \"sequence\": 1, \"entries\": [ … ], \"deleted\": [ … ] }."));
        }

        var entries = batch.Entries ?? [];
        var deleted = batch.Deleted ?? [];
        if (entries.Count + deleted.Count > settings.MaxBatchEntries)
        {
            return Refused(await RefuseAsync(context, caller, binding, batch.Sequence, StatusCodes.Status413PayloadTooLarge, ProblemCodes.AgentBatchTooLarge, "Batch too large",
                $"The batch holds {entries.Count + deleted.Count} entries; at most {settings.MaxBatchEntries} (Agents:MaxBatchEntries) are accepted. Send smaller batches.", cancellationToken).ConfigureAwait(false));
        }

        if (Invalid(batch, entries) is { } invalid)
        {
            return Refused(ApiProblem.Create(context, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Invalid batch", invalid));
        }

        var outside = entries.Where(e => !InScope(binding, e)).Select(e => e.DistinguishedName ?? e.ObjectGuid.ToString()).ToArray();
        if (outside.Length > 0)
        {
            return Refused(await RefuseAsync(context, caller, binding, batch.Sequence, StatusCodes.Status403Forbidden, ProblemCodes.AgentEntryOutOfScope, "Entries outside the agent's scope",
                $"{outside.Length} entr{(outside.Length == 1 ? "y is" : "ies are")} outside the base DNs ({string.Join("; ", binding.BaseDns)}) or UPN domains ({string.Join(", ", binding.UpnDomains)}) bound to agent '{binding.Id}', e.g. {string.Join(" | ", outside.Take(3))}. " +
                "Nothing was applied. Fix the agent's Agent:BaseDns, or widen Agents:Bindings on the API if these users belong in scope.",
                cancellationToken).ConfigureAwait(false));
        }

        var now = timeProvider.GetUtcNow();
        var apply = new AgentBatch(
            binding.Id,
            batch.Sequence,
            entries.Select(e => new MirrorEntry(ToUser(e), e.UsnChanged, binding.Id, now, batch.Sequence)).ToArray(),
            deleted,
            batch.FullPass?.StartSequence,
            batch.FullPass?.Complete == true,
            Trim(batch.AgentVersion, 64),
            Trim(batch.DomainController, 256),
            batch.HighWaterMark,
            now);
        var result = await mirror.ApplyBatchAsync(apply, cancellationToken).ConfigureAwait(false);
        if (!result.Applied)
        {
            return Refused(await RefuseAsync(context, caller, binding, batch.Sequence, StatusCodes.Status409Conflict, ProblemCodes.AgentSequenceNotNewer, "Batch sequence not newer",
                $"Batch {batch.Sequence} is not newer than agent '{binding.Id}''s last applied batch {result.LastSequence}: a replay or an old batch. Nothing was applied; the agent continues after lastSequence.",
                cancellationToken, new Dictionary<string, object?> { ["lastSequence"] = result.LastSequence }).ConfigureAwait(false));
        }

        LogApplied(logger, binding.Id, batch.Sequence, result.Upserted, result.Deleted, result.Swept);
        return new AgentBatchResponse(binding.Id, batch.Sequence, result.Upserted, result.Deleted, result.Swept);
    }

    private static bool InScope(AgentBinding binding, AgentEntryBody entry)
    {
        if (!binding.Covers(entry.DistinguishedName!))
        {
            return false;
        }

        if (entry.UserPrincipalName is not { } upn)
        {
            return true;
        }

        var at = upn.LastIndexOf('@');
        return at > 0 && binding.ToScope().AllowsUpnDomain(upn[(at + 1)..]);
    }

    private static string? Invalid(AgentBatchBody batch, IReadOnlyList<AgentEntryBody> entries)
    {
        if (batch.Sequence < 1)
        {
            return "sequence must be a positive number, greater than the agent's last batch.";
        }

        if (batch.FullPass is { } pass && (pass.StartSequence < 1 || pass.StartSequence > batch.Sequence))
        {
            return "fullPass.startSequence must be the sequence of the pass's first batch (1 ≤ startSequence ≤ sequence).";
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            string? problem = e switch
            {
                _ when e.ObjectGuid == Guid.Empty => "objectGuid is missing",
                _ when string.IsNullOrWhiteSpace(e.DistinguishedName) || e.DistinguishedName.Length > MaxDistinguishedNameLength => "distinguishedName is missing or too long",
                _ when TooLong(e.UserPrincipalName) || TooLong(e.SamAccountName) || TooLong(e.Mail) => "a value is longer than 1024 characters",
                _ when e.ProxyAddresses is { } p && (p.Count > 1000 || p.Any(TooLong)) => "proxyAddresses has too many or too long values",
                _ when e.ConsistencyGuid is { } c && !IsAnchor(c) => "consistencyGuid is not the Base64 of 16 bytes",
                _ => null,
            };
            if (problem is not null)
            {
                return $"entries[{i}]: {problem}.";
            }
        }

        return null;
    }

    private static bool TooLong(string? value) => value is { Length: > MaxValueLength };

    private static bool IsAnchor(string value)
    {
        Span<byte> bytes = stackalloc byte[18];
        return System.Convert.TryFromBase64String(value, bytes, out var written) && written == SourceAnchor.Length;
    }

    private static OnPremUser ToUser(AgentEntryBody e) => new(
        e.DistinguishedName!,
        e.ObjectGuid,
        e.ConsistencyGuid is { } c ? SourceAnchor.FromBytes(System.Convert.FromBase64String(c)) : null,
        e.UserPrincipalName,
        e.SamAccountName,
        e.Mail,
        e.ProxyAddresses ?? [],
        e.Enabled,
        e.AdminCount,
        e.WhenChanged);

    private static string? Trim(string? value, int max) => value is { Length: > 0 } v ? v[..Math.Min(v.Length, max)] : null;

    private static ApiAnswer<AgentBatchResponse> Refused(IResult problem) => ApiAnswer<AgentBatchResponse>.Refused(problem);

    private async Task<IResult> RefuseAsync(
        HttpContext context,
        ApiCaller caller,
        AgentBinding? binding,
        long? sequence,
        int status,
        string code,
        string title,
        string detail,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        LogRefused(logger, binding?.Id ?? caller.Identity.AppId, sequence ?? 0, code);
        await AuditAsync(caller, binding, sequence, code, detail, cancellationToken).ConfigureAwait(false);
        return ApiProblem.Create(context, status, code, title, detail, extensions);
    }

    private async Task AuditAsync(ApiCaller caller, AgentBinding? binding, long? sequence, string code, string detail, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var record = new AuditRecord(
            AuditRecord.NewOperationId(timeProvider),
            now,
            AuditOperation.AgentBatch,
            DryRun: false,
            caller.Identity,
            Ticket: null,
            Reason: null,
            new AuditTarget(null, Requested: $"agent {binding?.Id ?? "(unbound)"} batch {(sequence is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?")}"),
            Before: null,
            After: null,
            AnchorSource: null,
            [new AuditGuardrailResult(code, true, detail, "blocked")],
            AuditOutcome.Refused,
            TraceId: Activity.Current?.Id,
            Error: $"{code}: {detail}",
            CompletedAt: now);
        await audit.WriteOutcomeAsync(record, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Agent {AgentId} batch {Sequence} applied: {Upserted} upserted, {Deleted} deleted, {Swept} swept")]
    private static partial void LogApplied(ILogger logger, string agentId, long sequence, int upserted, int deleted, int swept);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Agent {AgentId} batch {Sequence} refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string agentId, long sequence, string code);
}
