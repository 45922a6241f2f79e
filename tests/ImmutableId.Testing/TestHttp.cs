using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Testing;

/// <summary>One way to build a request for a handler or function invoked in-process, and to run its answer.</summary>
public static class TestHttp
{
    /// <summary>A request on a fresh <see cref="DefaultHttpContext"/>: JSON body when given, bearer token and headers when given.</summary>
    public static HttpRequest Request(
        string method,
        string path,
        string? json = null,
        string? bearerToken = null,
        IServiceProvider? services = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var context = new DefaultHttpContext();
        if (services is not null)
        {
            context.RequestServices = services;
        }

        context.Request.Method = method;
        context.Request.Path = path;
        if (bearerToken is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearerToken;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Request.Headers[name] = value;
        }

        if (json is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = "application/json";
        }

        return context.Request;
    }

    /// <summary>Executes <paramref name="result"/> into <paramref name="request"/>'s response and reads what it wrote.</summary>
    public static async Task<TestAnswer> ExecuteAsync(IResult result, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var response = request.HttpContext.Response;
        response.Body = new MemoryStream();
        await result.ExecuteAsync(request.HttpContext);
        response.Body.Position = 0;
        var body = await new StreamReader(response.Body).ReadToEndAsync();
        return new TestAnswer(response.StatusCode, response.ContentType ?? string.Empty, body, response.Headers);
    }
}

/// <summary>What a handler's result wrote.</summary>
/// <param name="Status">The status code.</param>
/// <param name="ContentType">The content type, or empty.</param>
/// <param name="Body">The body as text.</param>
/// <param name="Headers">The response headers.</param>
public sealed record TestAnswer(int Status, string ContentType, string Body, IHeaderDictionary Headers)
{
    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json
    {
        get
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.Clone();
        }
    }
}
