using System.Diagnostics;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>Builds the <see cref="OperationContext"/> of one request from the caller the auth gate attached.</summary>
public static class OperationContexts
{
    /// <summary>The context of an authorized request.</summary>
    /// <exception cref="InvalidOperationException">The auth gate did not run for this request.</exception>
    public static OperationContext For(HttpContext http, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        var caller = ApiAuthorizer.GetCaller(http)
            ?? throw new InvalidOperationException("The request reached a user endpoint without passing the auth gate.");
        return For(http, caller, timeProvider);
    }

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
