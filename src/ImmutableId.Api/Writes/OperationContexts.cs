using System.Diagnostics;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>Builds the <see cref="OperationContext"/> of one request for the caller the auth step found.</summary>
public static class OperationContexts
{
    /// <summary>The context for <paramref name="caller"/> (also a refused one, for its audit record).</summary>
    public static OperationContext For(HttpContext http, ApiCaller caller, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new OperationContext(
            AuditRecord.NewOperationId(timeProvider),
            timeProvider.GetUtcNow(),
            caller.Identity,
            caller.Scope,
            Activity.Current?.Id ?? http.TraceIdentifier);
    }
}
