using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Auth;

/// <summary>The gate's verdict: the caller, or the answer to send instead of running the handler.</summary>
public sealed record ApiAuthorization(ApiCaller? Caller, IResult? Denied)
{
    /// <summary>True when the handler may run.</summary>
    public bool Allowed => Caller is not null && Denied is null;
}
