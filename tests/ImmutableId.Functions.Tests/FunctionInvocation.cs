using System.Text.Json;
using ImmutableId.Api.Http;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImmutableId.Functions.Tests;

/// <summary>Invokes function classes directly (the Functions host cannot run here): requests carry the services a result needs to execute.</summary>
internal static class FunctionInvocation
{
    private static readonly IServiceProvider ResultServices = NewServices();

    public static HttpRequest JsonRequest(string method, string path, string? json, string? bearerToken = null) =>
        TestHttp.Request(method, path, json, bearerToken, ResultServices);

    public static async Task<(int Status, string ContentType, JsonElement Body)> ExecuteAsync(IResult result, HttpRequest request)
    {
        var answer = await TestHttp.ExecuteAsync(result, request);
        return (answer.Status, answer.ContentType, answer.Json);
    }

    private static ServiceProvider NewServices()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLogging();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => _ = ApiJson.Options);
        return services.BuildServiceProvider();
    }
}
