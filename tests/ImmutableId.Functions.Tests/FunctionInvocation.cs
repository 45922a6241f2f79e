using System.Text;
using System.Text.Json;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImmutableId.Functions.Tests;

/// <summary>Invokes function classes directly (the Functions host cannot run here) and executes their IResult.</summary>
internal static class FunctionInvocation
{
    public static HttpRequest JsonRequest(string method, string path, string? json, string? bearerToken = null)
    {
        var context = NewContext();
        context.Request.Method = method;
        if (bearerToken is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearerToken;
        }

        context.Request.Path = path;
        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        return context.Request;
    }

    public static async Task<(int Status, string ContentType, JsonElement Body)> ExecuteAsync(IResult result, HttpRequest request)
    {
        var response = request.HttpContext.Response;
        response.Body = new MemoryStream();
        await result.ExecuteAsync(request.HttpContext);
        response.Body.Position = 0;
        using var doc = await JsonDocument.ParseAsync(response.Body);
        return (response.StatusCode, response.ContentType ?? string.Empty, doc.RootElement.Clone());
    }

    private static DefaultHttpContext NewContext()
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLogging();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => _ = ApiJson.Options);
        return new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
    }
}
