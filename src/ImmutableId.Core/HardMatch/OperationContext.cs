using ImmutableId.Core.Audit;
using ImmutableId.Core.Scopes;

namespace ImmutableId.Core.HardMatch;

/// <summary>
/// Who runs one operation and under which identity it is recorded — passed explicitly into the workflow (no ambient
/// state). The request (<see cref="SetImmutableIdRequest"/>, <see cref="ClearImmutableIdRequest"/>) carries what is
/// asked: the user, dry run, ticket and reason.
/// </summary>
/// <param name="OperationId">The audit record's id (a version-7 GUID).</param>
/// <param name="StartedAt">When the request arrived.</param>
/// <param name="Caller">The authenticated caller.</param>
/// <param name="CallerScope">What the caller may see and change; checked on the resolved user, whatever name was used.</param>
/// <param name="TraceId">The request's W3C trace id, for the audit record.</param>
/// <param name="JobId">The bulk job this operation is an item of, for the audit record; null for a single request.</param>
public sealed record OperationContext(
    Guid OperationId,
    DateTimeOffset StartedAt,
    AuditCaller Caller,
    DirectoryScope CallerScope,
    string? TraceId = null,
    Guid? JobId = null)
{
    /// <summary>A context for in-process callers (tests, tools): a system caller without scope limits.</summary>
    public static OperationContext ForSystem(TimeProvider? timeProvider = null)
    {
        var clock = timeProvider ?? TimeProvider.System;
        return new OperationContext(
            AuditRecord.NewOperationId(clock),
            clock.GetUtcNow(),
            new AuditCaller("system", "system", "system", AppOnly: true),
            DirectoryScope.Unrestricted);
    }
}
