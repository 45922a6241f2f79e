using ImmutableId.Api.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Auth;

/// <summary>Registers token validation and the authorization gate.</summary>
public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates the <c>Auth</c> section (on start) and registers <see cref="ApiAuthorizer"/> over Entra ID
    /// token validation — or, when <c>Auth:Sandbox</c> is true and <paramref name="sandboxAllowed"/>, over the
    /// sandbox issuer. The Functions host passes false: the sandbox can never run there.
    /// </summary>
    public static IServiceCollection AddImmutableIdAuth(this IServiceCollection services, bool sandboxAllowed)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>>(new AuthOptionsValidator(sandboxAllowed));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EntraTokenValidator>();
        services.TryAddSingleton<SandboxTokenHandler>();
        if (sandboxAllowed)
        {
            // Built (and its key generated) only when first asked for, i.e. only in sandbox mode.
            services.TryAddSingleton(sp => new SandboxTokenService(sp.GetRequiredService<TimeProvider>()));
        }

        services.TryAddSingleton<ITokenValidator>(sp =>
            sandboxAllowed && sp.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox
                ? sp.GetRequiredService<SandboxTokenService>()
                : sp.GetRequiredService<EntraTokenValidator>());
        services.TryAddSingleton(sp => new ApiAuthorizer(
            sp.GetRequiredService<ITokenValidator>(),
            sp.GetRequiredService<IOptions<AuthOptions>>(),
            sp.GetRequiredService<ILogger<ApiAuthorizer>>()));
        services.TryAddSingleton(sp => new ApiAdmission(sp.GetRequiredService<ApiAuthorizer>(), sp.GetService<InboundRateLimiter>()));
        services.AddInboundRateLimiting();
        return services;
    }
}
