using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Auth;

/// <summary>A problem answer with the RFC 6750 <c>WWW-Authenticate: Bearer …</c> header.</summary>
internal sealed class BearerChallengeResult(IResult problem, string challenge) : IResult
{
    public string Challenge => challenge;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.WWWAuthenticate = challenge;
        return problem.ExecuteAsync(httpContext);
    }
}
