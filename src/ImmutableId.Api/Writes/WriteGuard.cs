using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Http;
using ImmutableId.Core.Audit;
using ImmutableId.Core.Idempotency;
using ImmutableId.Core.Leases;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Writes;

/// <summary>
/// Wraps every set and clear (both hosts): authorize (403s with a known caller are audited), the optional
/// <c>Idempotency-Key</c> (draft-ietf-httpapi-idempotency-key-header: same key + same request → stored response,
/// different request → 422, still running → 409; per caller, 24 h), a lease on the user so two writes for the same
/// user never interleave, and the <see cref="WriteContext"/> the audit journal reads.
/// </summary>
public sealed partial class WriteGuard(
    ApiAuthorizer authorizer,
    IIdempotencyStore idempotency,
    IUserLease leases,
    AuditJournal journal,
    TimeProvider timeProvider,
    ILogger<WriteGuard> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string TicketHeader = "X-Ticket-Id";
    public const string OperationIdHeader = "X-Operation-Id";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;
    public const int MaxTicketLength = 128;

    /// <summary>How long a write holds its user (a crashed holder's lease lapses after this).</summary>
    public static TimeSpan LeaseDuration { get; } = TimeSpan.FromSeconds(90);

    /// <summary>How long a write waits for another write on the same user before answering 409 UserBusy.</summary>
    public TimeSpan LeaseWait { get; internal set; } = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="handler"/> for a set or clear of <paramref name="user"/> under every protection.</summary>
    public async Task<IResult> RunAsync(
        HttpRequest request,
        string requiredRole,
        AuditOperation operation,
        string user,
        Func<HttpRequest, CancellationToken, Task<IResult>> handler,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(handler);
        var http = request.HttpContext;
        var ticket = request.Headers[TicketHeader].ToString();
        if (ticket.Length > MaxTicketLength)
        {
            return ApiProblem.Create(http, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Ticket too long",
                $"{TicketHeader} is at most {MaxTicketLength} characters.");
        }

        var decision = await authorizer.AuthorizeAsync(http, requiredRole, user, cancellationToken).ConfigureAwait(false);
        var context = decision.Caller is { } caller
            ? new WriteContext(AuditRecord.NewOperationId(timeProvider), timeProvider.GetUtcNow(), operation, caller, user,
                string.IsNullOrWhiteSpace(ticket) ? null : ticket.Trim(), Activity.Current?.Id ?? http.TraceIdentifier)
            : null;
        if (!decision.Allowed)
        {
            if (context is not null)
            {
                // A known caller tried a write it may not do: that attempt is part of the record.
                await journal.RecordRefusalAsync(context, "Forbidden", $"The caller lacks {requiredRole} or the target is outside its scope.", cancellationToken).ConfigureAwait(false);
                http.Response.Headers[OperationIdHeader] = context.OperationId.ToString();
            }

            return decision.Denied!;
        }

        IdempotencyKey? key = null;
        if (request.Headers.TryGetValue(IdempotencyKeyHeader, out var keyValues))
        {
            var (parsed, problem) = await ReadKeyAsync(request, keyValues.ToString(), context!.Caller, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            key = parsed;
            var claim = await idempotency.ClaimAsync(key!, cancellationToken).ConfigureAwait(false);
            switch (claim.Status)
            {
                case IdempotencyClaimStatus.Replay:
                    LogReplayed(logger, context.Caller.Identity.AppId);
                    return new StoredResponseResult(claim.Response!, replayed: true);
                case IdempotencyClaimStatus.Mismatch:
                    return ApiProblem.Create(http, StatusCodes.Status422UnprocessableEntity, ProblemCodes.IdempotencyKeyReused, "Idempotency key reused",
                        "This Idempotency-Key was already used for a different request (method, path, query or body). Use a new key for a new request.");
                case IdempotencyClaimStatus.InProgress:
                    http.Response.Headers.RetryAfter = "1";
                    return ApiProblem.Create(http, StatusCodes.Status409Conflict, ProblemCodes.IdempotencyKeyInProgress, "Request still running",
                        "The first request with this Idempotency-Key is still running. Retry the same request in a moment to get its answer.");
            }
        }

        // A blank {user} is refused by the handler's validation; there is no user to serialise on.
        var lease = string.IsNullOrWhiteSpace(user)
            ? new UserLeaseHandle(string.Empty, string.Empty, timeProvider.GetUtcNow())
            : await leases.AcquireAsync(UserLeaseExtensions.NormalizeUser(user), LeaseDuration, LeaseWait, timeProvider, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            if (key is not null)
            {
                await idempotency.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            }

            await journal.RecordRefusalAsync(context!, ProblemCodes.UserBusy, "Another write for this user was still running.", cancellationToken).ConfigureAwait(false);
            http.Response.Headers.RetryAfter = "5";
            http.Response.Headers[OperationIdHeader] = context!.OperationId.ToString();
            return ApiProblem.Create(http, StatusCodes.Status409Conflict, ProblemCodes.UserBusy, "Another write for this user is running",
                "Another set or clear for this user is still running. Retry after it finishes (see Retry-After).");
        }

        try
        {
            IResult result;
            using (WriteContext.Begin(context!))
            {
                try
                {
                    result = await handler(request, cancellationToken).ConfigureAwait(false);
                }
                catch (CallerScopeException ex)
                {
                    result = ApiAuthorizer.OutOfScope(http, ex.Message);
                }
            }

            // The operation id is announced only when an audit record exists for it (bad input is answered before any).
            var recorded = context!.IntentWritten || context.OutcomeWritten;
            var captured = await CaptureAsync(result, http, recorded ? context.OperationId : null).ConfigureAwait(false);
            if (key is not null)
            {
                // Transient failures (5xx) are not replayed: a retry with the same key runs again.
                if (captured.StatusCode < 500)
                {
                    await idempotency.CompleteAsync(key, captured, CancellationToken.None).ConfigureAwait(false);
                }
                else
                {
                    await idempotency.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
                }
            }

            return new StoredResponseResult(captured, replayed: false);
        }
        catch (Exception ex)
        {
            if (key is not null)
            {
                await idempotency.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            }

            await journal.RecordCrashAsync(context!, ex, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            if (lease.Owner.Length > 0)
            {
                await leases.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Validates the key and fingerprints the request: method, path, query and body bytes (the body is buffered for the handler).</summary>
    private static async Task<(IdempotencyKey? Key, IResult? Problem)> ReadKeyAsync(HttpRequest request, string raw, ApiCaller caller, CancellationToken cancellationToken)
    {
        // The draft defines the header as a Structured Field string ("…"); a bare token is accepted too.
        var value = raw.Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        if (value.Length is 0 or > MaxKeyLength || value.Any(c => c is < ' ' or > '~'))
        {
            return (null, ApiProblem.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemCodes.InvalidIdempotencyKey, "Invalid Idempotency-Key",
                $"Idempotency-Key must be 1 to {MaxKeyLength} printable ASCII characters, e.g. a UUID: Idempotency-Key: \"{Guid.NewGuid()}\"."));
        }

        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return (null, ApiProblem.Create(request.HttpContext, StatusCodes.Status413PayloadTooLarge, ProblemCodes.RequestTooLarge, "Request body too large",
                $"The body is larger than {JsonBody.MaxBytes / 1024} KiB; send only the documented fields."));
        }

        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method.ToUpperInvariant()}\n{request.Path.Value}\n{request.QueryString.Value}\n"));
        var buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > JsonBody.MaxBytes)
            {
                return (null, ApiProblem.Create(request.HttpContext, StatusCodes.Status413PayloadTooLarge, ProblemCodes.RequestTooLarge, "Request body too large",
                    $"The body is larger than {JsonBody.MaxBytes / 1024} KiB; send only the documented fields."));
            }

            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return (new IdempotencyKey(caller.Identity.ScopeKey, value, System.Convert.ToHexStringLower(hash.GetHashAndReset())), null);
    }

    /// <summary>Executes the handler's result into a buffer so it can be stored for replay (headers it sets stay on the response).</summary>
    private static async Task<StoredResponse> CaptureAsync(IResult result, HttpContext http, Guid? operationId)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http).ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = original;
        }

        var body = buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return new StoredResponse(http.Response.StatusCode, http.Response.ContentType, body, operationId?.ToString());
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Idempotent replay for caller {AppId}")]
    private static partial void LogReplayed(ILogger logger, string appId);
}
