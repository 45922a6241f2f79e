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

    /// <summary>What a function class takes: <paramref name="handler"/> (e.g. over a mocked workflow) behind the host's gate and write guard.</summary>
    public ApiEndpointRunner<THandler> Runner<THandler>(THandler handler)
        where THandler : class => new(_services!.GetRequiredService<ApiEndpointPipeline>(), handler);

    /// <summary>What a function class takes, as the host registers it.</summary>
    public ApiEndpointRunner<THandler> Runner<THandler>()
        where THandler : class => _services!.GetRequiredService<ApiEndpointRunner<THandler>>();

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
