using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;

namespace ImmutableId.Api.Writes;

/// <summary>
/// What the audit needs to know about the current write request but the workflow does not: the operation id, the
/// caller, the trace id, the ticket header. Set by <see cref="WriteGuard"/> around the handler and read by
/// <see cref="AuditJournal"/> (an async-local, so a singleton workflow and journal see their own request's context).
/// </summary>
public sealed class WriteContext
{
    private static readonly AsyncLocal<WriteContext?> Ambient = new();

    internal WriteContext(Guid operationId, DateTimeOffset startedAt, AuditOperation operation, ApiCaller caller, string requestedUser, string? ticketHeader, string? traceId)
    {
        OperationId = operationId;
        StartedAt = startedAt;
        Operation = operation;
        Caller = caller;
        RequestedUser = requestedUser;
        TicketHeader = ticketHeader;
        TraceId = traceId;
    }

    /// <summary>The current request's context, or null outside a guarded write.</summary>
    public static WriteContext? Current => Ambient.Value;

    public Guid OperationId { get; }

    public DateTimeOffset StartedAt { get; }

    public AuditOperation Operation { get; }

    public ApiCaller Caller { get; }

    /// <summary>The <c>{user}</c> route value as sent.</summary>
    public string RequestedUser { get; }

    /// <summary>The <c>X-Ticket-Id</c> header, used when the body names no ticket.</summary>
    public string? TicketHeader { get; }

    public string? TraceId { get; }

    /// <summary>True once the intent was durably written.</summary>
    public bool IntentWritten { get; internal set; }

    /// <summary>True once the outcome was written.</summary>
    public bool OutcomeWritten { get; internal set; }

    internal static IDisposable Begin(WriteContext context)
    {
        var previous = Ambient.Value;
        Ambient.Value = context;
        return new Restore(previous);
    }

    private sealed class Restore(WriteContext? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
