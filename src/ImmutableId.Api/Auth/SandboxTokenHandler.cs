using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Auth;

/// <summary><c>POST /_sandbox/token</c>: mints a sandbox token. Mapped only by the Standalone host in sandbox mode.</summary>
public sealed class SandboxTokenHandler
{
    /// <summary>The label every sandbox token response carries.</summary>
    public const string Warning = "SANDBOX TOKEN: signed by a key generated when this sandbox started; accepted by this sandbox only, never by a configured deployment.";

    /// <summary>Reads <c>{ roles?, user? }</c> and answers a token.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.HttpContext.RequestServices;
        if (!services.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox || services.GetService<SandboxTokenService>() is not { } issuer)
        {
            return Results.NotFound();
        }

        SandboxTokenRequest? body = new(null, null);
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            IResult? problem;
            (body, problem) = await JsonBody.ReadAsync<SandboxTokenRequest>(request, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }
        }

        var roles = body!.Roles ?? [AppRoles.Read, AppRoles.Write, AppRoles.Clear];
        var unknown = roles.Where(r => !AppRoles.All.Contains(r, StringComparer.Ordinal)).ToArray();
        if (unknown.Length > 0)
        {
            return ApiProblem.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Unknown role",
                $"Unknown role(s) {string.Join(", ", unknown)}; use any of {string.Join(", ", AppRoles.All)}.");
        }

        if (body.User is { Length: > 256 })
        {
            return ApiProblem.Create(request.HttpContext, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "User name too long",
                "\"user\" must be at most 256 characters.");
        }

        var token = issuer.Mint(roles, body.User);
        return Results.Json(
            new SandboxTokenResponse(token, "Bearer", (int)SandboxTokenService.Lifetime.TotalSeconds, roles, true, Warning),
            ApiJson.Options);
    }
}
