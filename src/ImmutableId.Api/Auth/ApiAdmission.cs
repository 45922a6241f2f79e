using ImmutableId.Api.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Auth;

/// <summary>
/// Lets a caller in for a role, as two steps that hand each other what they found: the auth step
/// (<see cref="ApiAuthorizer"/>: who calls, with which role), then the rate-limit step (<see cref="InboundRateLimiter"/>:
/// how often this proven caller may call; a forged token never spends another's permits).
/// </summary>
public sealed class ApiAdmission(ApiAuthorizer authorizer, InboundRateLimiter? rateLimiter = null)
{
    /// <summary>The caller and, when refused by either step, the answer to send instead of running the handler.</summary>
    public async Task<ApiAuthorization> AdmitAsync(HttpContext context, string requiredRole, CancellationToken cancellationToken = default)
    {
        var decision = await authorizer.AuthorizeAsync(context, requiredRole, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed || rateLimiter?.TryAcquire(context, decision.Caller!, requiredRole) is not { } limited)
        {
            return decision;
        }

        return new ApiAuthorization(decision.Caller, limited, InboundRateLimiter.TooManyRequestsCode, "The caller's rate limit for this operation was spent.");
    }
}
