using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Auth;

/// <summary>
/// The gate's verdict: the answer to send instead of running the handler (<see cref="Denied"/>), and the caller
/// whenever the token was valid — also when it was refused for a missing role or scope (for the audit record).
/// </summary>
public sealed record ApiAuthorization(ApiCaller? Caller, IResult? Denied)
{
    /// <summary>True when the handler may run.</summary>
    public bool Allowed => Caller is not null && Denied is null;
}
