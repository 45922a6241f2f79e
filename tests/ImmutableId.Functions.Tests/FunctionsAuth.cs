using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Storage;
using ImmutableId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.Functions.Tests;

/// <summary>A local test issuer and the authorizer the Functions host builds (AddImmutableIdAuth, sandbox not allowed).</summary>
public sealed class FunctionsAuth : IAsyncLifetime
{
    private ApiUnderTest? _api;
    private IServiceProvider? _services;

    public TestTokenIssuer Issuer => _api!.Issuer;

    public ApiAuthorizer Authorizer => _services!.GetRequiredService<ApiAuthorizer>();

    /// <summary>The health handler as the Functions host registers it (readiness over this fixture's SQLite probe).</summary>
    public ImmutableId.Api.Health.HealthHandler Health => _services!.GetRequiredService<ImmutableId.Api.Health.HealthHandler>();

    /// <summary>The write wrapper the Set/Clear functions call (auth, idempotency, lease, audit) over a temporary SQLite store.</summary>
    public WriteGuard Guard => _services!.GetRequiredService<WriteGuard>();

    public IAuditLog Audit => _services!.GetRequiredService<IAuditLog>();

    /// <summary>The pipeline the function classes run (the host's gate and write guard), with <paramref name="handlers"/> in place of the registered ones.</summary>
    public ApiEndpointPipeline Pipeline(params object[] handlers) => EndpointPipelines.With(_services!, handlers);

    /// <summary>The built services (the handlers the functions take).</summary>
    public IServiceProvider Services => _services!;

    /// <summary>An app-only token with every role the user endpoints need.</summary>
    public string AllRoles => Issuer.AppToken(AppRoles.Read, AppRoles.Write, AppRoles.Clear);

    public async Task InitializeAsync()
    {
        _api = await ApiUnderTest.StartAsync();
        _services = _api.Services;
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    /// <summary>The Functions host's auth, storage and API registration over these settings; options validated as at start-up.</summary>
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings) => ApiComposition.Build(settings);
}
