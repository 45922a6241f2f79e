using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Auth;

/// <summary>
/// The gate's verdict: the answer to send instead of running the handler (<see cref="Denied"/>), and the caller
/// whenever the token was valid — also when it was refused for a missing role or scope (for the audit record).
/// </summary>
/// <param name="Caller">The caller, whenever the token was valid.</param>
/// <param name="Denied">The answer to send instead of running the handler, or null.</param>
/// <param name="RefusalCode">For a known caller refused: the problem code it was refused with (InsufficientRole, TooManyRequests…), for the audit record.</param>
/// <param name="RefusalReason">For a known caller refused: why, in a line for the audit record.</param>
public sealed record ApiAuthorization(ApiCaller? Caller, IResult? Denied, string? RefusalCode = null, string? RefusalReason = null)
{
    /// <summary>True when the handler may run.</summary>
    public bool Allowed => Caller is not null && Denied is null;
}
