using System.Net;
using ImmutableId.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using ImmutableId.Api.OpenApi;

namespace ImmutableId.Standalone.Tests;

public sealed class OpenApiEndpointTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    [Theory]
    [InlineData("/api/" + OpenApiDocumentsApi.V3Route, OpenApiSpecVersion.OpenApi3_0)]
    [InlineData("/api/" + OpenApiDocumentsApi.V2Route, OpenApiSpecVersion.OpenApi2_0)]
    public async Task OpenApiDocument_AnonymousGet_ServedAsJsonThatParses(string path, OpenApiSpecVersion version)
    {
        using var client = factory.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var read = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), "json");
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Empty(read.Diagnostic.Warnings);
        Assert.Equal(version, read.Diagnostic.SpecificationVersion);
        Assert.Equal("http://localhost/api", Assert.Single(read.Document!.Servers!).Url);
    }

    [Theory]
    [InlineData("/api/" + OpenApiDocumentsApi.V3Route)]
    [InlineData("/api/" + OpenApiDocumentsApi.V2Route)]
    public async Task OpenApiDocument_ArbitraryHostOrForwardedHost_NeverBecomesTheServer(string path)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        var text = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic!.Errors);
    }

    [Fact]
    public async Task OpenApiV3_EveryRouteTheHostMapsUnderApi_IsDocumentedWithItsMethods()
    {
        using var client = factory.CreateClient();
        var read = OpenApiDocument.Parse(await client.GetStringAsync("/api/" + OpenApiDocumentsApi.V3Route), "json");
        var documented = read.Document!.Paths
            .SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} /{ApiRoutes.Prefix}{p.Key}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/" + ApiRoutes.Prefix + "/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(mapped);
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
    }
}
