using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Http;

/// <summary>
/// Gives the answers the framework writes itself (no route, wrong method, a body or header it refused, an unexpected
/// exception) the same RFC 9457 shape as ours: a stable <c>code</c>, a <c>detail</c> that says what to do, a
/// <c>traceId</c>. Problems the API builds (<see cref="ApiProblem"/>) already carry a code and are left alone.
/// </summary>
public static class FrameworkProblems
{
    /// <summary>The code of an unexpected failure (500): the only thing the caller learns is the trace id.</summary>
    public const string InternalError = "InternalError";

    /// <summary>Codes of the framework's own answers, by status.</summary>
    public static readonly IReadOnlyDictionary<int, (string Code, string Detail)> ByStatus = new Dictionary<int, (string, string)>
    {
        [StatusCodes.Status400BadRequest] = ("BadRequest", "The request is malformed (URL, headers or parameters). Check it against the OpenAPI document at /api/openapi/v3.json."),
        [StatusCodes.Status404NotFound] = ("RouteNotFound", "No API operation has this path. The operations are listed at /api/openapi/v3.json."),
        [StatusCodes.Status405MethodNotAllowed] = ("MethodNotAllowed", "This path exists but not with this HTTP method. The methods are listed at /api/openapi/v3.json."),
        [StatusCodes.Status413PayloadTooLarge] = (ProblemCodes.RequestTooLarge, "The body is larger than the API accepts. Send only the documented fields."),
        [StatusCodes.Status414UriTooLong] = ("UriTooLong", "The URL is longer than the API accepts. Send long values in the body where the operation allows it."),
        [StatusCodes.Status431RequestHeaderFieldsTooLarge] = ("HeadersTooLarge", "The request headers are larger than the API accepts. Drop unneeded headers and cookies."),
        [StatusCodes.Status500InternalServerError] = (InternalError, "The request failed unexpectedly. Quote the traceId to the API's owner; nothing else about the failure is shown."),
    };

    /// <summary>For <c>AddProblemDetails(o =&gt; o.CustomizeProblemDetails = FrameworkProblems.Customize)</c>.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var (code, detail) = ByStatus.TryGetValue(status, out var known)
            ? known
            : (status >= 500 ? InternalError : "RequestRefused", "The request was refused. Check it against the OpenAPI document at /api/openapi/v3.json.");
        problem.Type = "https://immutableid.dev/problems/" + code;
        problem.Extensions["code"] = code;

        // An exception's message never reaches the caller (it may hold internals): the detail is ours.
        problem.Detail = detail;
        problem.Instance = context.HttpContext.Request.Path.Value;
        problem.Extensions.Remove("exception");
        problem.Extensions.Remove("errors");
    }
}
