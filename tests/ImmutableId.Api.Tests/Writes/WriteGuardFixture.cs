using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Storage;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Api.Tests.Writes;

/// <summary>
/// The write protections as a host builds them (auth against a local test issuer, SQLite store, AddImmutableIdApi),
/// driven by direct invocation the way the Functions host calls them. One fixture per test class; each test uses
/// its own users so tests don't interfere.
/// </summary>
public sealed class WriteGuardFixture : IAsyncLifetime
{
    private ApiUnderTest? _api;

    public TestTokenIssuer Issuer => _api!.Issuer;

    public IServiceProvider Services => _api!.Services;

    public WriteGuard Guard => Services.GetRequiredService<WriteGuard>();

    public IAuditLog Audit => Services.GetRequiredService<IAuditLog>();

    public async Task InitializeAsync() => _api = await ApiUnderTest.StartAsync(new Dictionary<string, string?>
    {
        ["Auth:CallerScopes:0:AppId"] = ScopedAppId,
        ["Auth:CallerScopes:0:AllowedUpnDomains:0"] = "contoso.com",
        ["Auth:CallerScopes:0:AllowedOrganizationalUnits:0"] = "OU=Sales,DC=corp,DC=contoso,DC=com",
    });

    public async Task DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    public const string ScopedAppId = "5c0bce11-0000-4000-8000-00000000c0de";

    public HttpRequest Request(string method, string path, string? json, string? token, IReadOnlyDictionary<string, string>? headers = null) =>
        TestHttp.Request(method, path, json, token, Services, headers);

    public static async Task<(int Status, string Body, IHeaderDictionary Headers)> ExecuteAsync(IResult result, HttpRequest request)
    {
        var answer = await TestHttp.ExecuteAsync(result, request);
        return (answer.Status, answer.Body, answer.Headers);
    }

    public static JsonElement Json(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
