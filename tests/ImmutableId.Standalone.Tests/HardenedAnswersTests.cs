using System.Net;
using System.Text.Json;
using ImmutableId.Api.Auth;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImmutableId.Standalone.Tests;

/// <summary>Hardened answers: the header set on every mapped route (whatever the status), problem+json for the framework's own errors.</summary>
public sealed class HardenedAnswersTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    private const string SomeUser = "adele.vance%40contoso.com";

    [Fact]
    public async Task EveryRoute_AnyCaller_AnswersNoStoreNosniffAndNoServer()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var reader = factory.CreateClientWithRoles(AppRoles.Read);
        var anonymous = factory.CreateClient();
        var checkedRoutes = 0;

        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.TrimStart('/')
                .Replace("{id}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{user}", SomeUser, StringComparison.Ordinal);
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                foreach (var client in new[] { reader, anonymous })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), method is "PUT" or "DELETE" ? path + "?dryRun=true" : path);
                    if (method is "POST" or "PUT")
                    {
                        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                    }

                    var response = await client.SendAsync(request);

                    AssertHardened(response, $"{method} {path}");
                    checkedRoutes++;
                }
            }
        }

        // convert, operations x2, user GET/PUT/DELETE, health, two OpenAPI documents: each with and without a token.
        Assert.True(checkedRoutes >= 18, $"only {checkedRoutes} answers checked");
    }

    [Fact]
    public async Task UnknownRoute_Answers404ProblemWithHeaders()
    {
        var response = await factory.CreateClient().GetAsync("/api/no-such-thing");

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.NotFound, "RouteNotFound");
        AssertHardened(response, "404");
    }

    [Fact]
    public async Task WrongMethod_Answers405ProblemWithHeaders()
    {
        var response = await factory.CreateClient().PostAsync("/api/health", new StringContent("{}"));

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
        AssertHardened(response, "405");
    }

    [Fact]
    public async Task UnexpectedException_Answers500ProblemWithOnlyATraceId()
    {
        using var failing = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Replace(ServiceDescriptor.Singleton<ITokenValidator>(new ThrowingTokenValidator()))));
        var client = failing.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", "e30.e30.c2ln"); // JWS-shaped, so it reaches the (throwing) validator

        var response = await client.PostAsync("/api/convert", new StringContent("{\"value\":\"x\"}", System.Text.Encoding.UTF8, "application/json"));

        await ConvertEndpointTests.AssertProblemAsync(response, HttpStatusCode.InternalServerError, "InternalError");
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        AssertHardened(response, "500");
    }

    [Fact]
    public void Kestrel_ServerHeader_IsOff()
    {
        Assert.False(factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    [Fact]
    public async Task Health_Anonymous_HasNoCommitHash()
    {
        var response = await factory.CreateClient().GetAsync("/api/health");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain("+", body.RootElement.GetProperty("version").GetString()!, StringComparison.Ordinal);
    }

    internal static void AssertHardened(HttpResponseMessage response, string what)
    {
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control is '{response.Headers.CacheControl}'");
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"{what}: no nosniff");
        Assert.False(response.Headers.Contains("Server"), $"{what}: Server header sent");
    }

    private sealed class ThrowingTokenValidator : ITokenValidator
    {
        public Task<TokenCheck> ValidateAsync(string token, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("secret internals in /srv/app");
    }
}
