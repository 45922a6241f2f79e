using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ImmutableId.Api.Http;

/// <summary>Builds RFC 9457 <c>application/problem+json</c> answers with a stable <c>code</c> and a <c>traceId</c>.</summary>
public static class ApiProblem
{
    /// <summary>A problem answer.</summary>
    /// <param name="context">The current request, for the trace id and instance.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="code">A stable, machine-readable code.</param>
    /// <param name="title">A short summary that does not change between occurrences.</param>
    /// <param name="detail">What went wrong here and what to do next.</param>
    /// <param name="extensions">More members for the body.</param>
    public static IResult Create(
        HttpContext context,
        int status,
        string code,
        string title,
        string detail,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = "https://immutableid.dev/problems/" + code,
            Title = title,
            Detail = detail,
            Instance = context.Request.Path.Value,
        };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return Results.Problem(problem);
    }
}
