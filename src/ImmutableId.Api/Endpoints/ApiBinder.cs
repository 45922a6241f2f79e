using ImmutableId.Api.Http;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Writes;
using ImmutableId.Core.HardMatch;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// Binds one request's values for a typed handler, checked against what the endpoint declares (its
/// <see cref="ApiOperationDescription.Parameters"/> and <see cref="ApiOperationDescription.RequestBody"/>): binding a value
/// the description does not declare is a programming error. Values are bound in the order asked; the first invalid one
/// is the <see cref="Problem"/> to answer, and nothing after it is read.
/// </summary>
public sealed class ApiBinder(ApiCall call, ApiOperationDescription endpoint)
{
    /// <summary>The problem for the first value that did not bind, or null.</summary>
    public IResult? Problem { get; private set; }

    private HttpContext Http => call.Request.HttpContext;

    /// <summary>The path parameter <paramref name="parameter"/> as a <see cref="UserKey"/> (UPN or objectGUID); 400 InvalidUser otherwise.</summary>
    /// <param name="parameter">The declared path parameter.</param>
    /// <param name="invalidTitle">The problem's title when it is neither (the endpoints have said it in two ways; kept as callers know it).</param>
    public UserKey? User(ApiParameterDescription parameter, string invalidTitle = "The user is not a UPN or an objectGUID")
    {
        Declared(parameter, ApiParameterLocation.Path, typeof(string));
        if (Problem is not null)
        {
            return null;
        }

        if (UserKey.TryParse(call.Route(parameter.Name), out var key, out var error))
        {
            return key;
        }

        Problem = ApiProblem.Create(Http, StatusCodes.Status400BadRequest, "InvalidUser", invalidTitle, error);
        return null;
    }

    /// <summary>The GUID path parameter <paramref name="parameter"/>; the endpoint's own problem (<paramref name="invalid"/>) when it is not a GUID.</summary>
    public Guid? Id(ApiParameterDescription parameter, Func<HttpContext, IResult> invalid)
    {
        ArgumentNullException.ThrowIfNull(invalid);
        Declared(parameter, ApiParameterLocation.Path, typeof(Guid));
        if (Problem is not null)
        {
            return null;
        }

        if (Guid.TryParse(call.Route(parameter.Name) ?? string.Empty, out var id))
        {
            return id;
        }

        Problem = invalid(Http);
        return null;
    }

    /// <summary>
    /// The query parameter <paramref name="parameter"/> as text, for the endpoint to parse as its declared type: every
    /// value given (comma-joined), trimmed; null when absent or blank.
    /// </summary>
    public string? Joined(ApiParameterDescription parameter)
    {
        Declared(parameter, ApiParameterLocation.Query, parameter.Type);
        return Problem is null && call.Request.Query.TryGetValue(parameter.Name, out var values) && !string.IsNullOrWhiteSpace(values.ToString())
            ? values.ToString().Trim()
            : null;
    }

    /// <summary>The boolean query parameter <paramref name="parameter"/>: false when absent; 400 ValidationFailed unless true or false, given once.</summary>
    public bool Flag(ApiParameterDescription parameter)
    {
        Declared(parameter, ApiParameterLocation.Query, typeof(bool));
        if (Problem is not null)
        {
            return false;
        }

        var values = call.Request.Query[parameter.Name];
        if (values.Count == 0)
        {
            return false;
        }

        if (values.Count == 1 && bool.TryParse(values[0], out var flag))
        {
            return flag;
        }

        Problem = ApiProblem.Create(Http, StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, $"Invalid {parameter.Name}",
            $"{parameter.Name} must be true or false, given once.");
        return false;
    }

    /// <summary>The string query parameter <paramref name="parameter"/> as sent (its first value), or null when absent or empty.</summary>
    public string? Text(ApiParameterDescription parameter)
    {
        Declared(parameter, ApiParameterLocation.Query, typeof(string));
        var values = call.Request.Query[parameter.Name];
        return Problem is null && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
    }

    /// <summary>
    /// The JSON body the write guard read (once), as <typeparamref name="T"/>: <paramref name="none"/> when the request
    /// carries no body; the body's problem (413, 415, 400 InvalidJson…) otherwise. A declared body must be a <typeparamref name="T"/>.
    /// </summary>
    public T OptionalBody<T>(T none)
        where T : class
    {
        if (endpoint.RequestBody is { } declared && declared != typeof(T))
        {
            throw new InvalidOperationException($"{endpoint.OperationId} declares a {declared.Name} body, not a {typeof(T).Name}.");
        }

        if (Problem is not null || !HasBody(call.Request))
        {
            return none;
        }

        var (value, problem) = JsonBody.Parse<T>(call.Request, call.RequiredBody);
        Problem = problem;
        return value ?? none;
    }

    /// <summary>
    /// The required JSON body as <typeparamref name="T"/> (the endpoint must declare it): read here, once (or taken from
    /// the write guard, which read it); its problem (413, 415, 400 MissingBody or InvalidJson…) otherwise.
    /// </summary>
    public async Task<T?> BodyAsync<T>(CancellationToken cancellationToken)
        where T : class
    {
        if (endpoint.RequestBody != typeof(T))
        {
            throw new InvalidOperationException($"{endpoint.OperationId} does not declare a {typeof(T).Name} body.");
        }

        if (Problem is not null)
        {
            return null;
        }

        var (value, problem) = call.Body is { } read
            ? JsonBody.Parse<T>(call.Request, read)
            : await JsonBody.ReadAsync<T>(call.Request, cancellationToken).ConfigureAwait(false);
        Problem = problem;
        return value;
    }

    /// <summary>The string query parameter <paramref name="parameter"/>'s first value exactly as sent (also empty), or null when absent.</summary>
    public string? FirstValue(ApiParameterDescription parameter)
    {
        Declared(parameter, ApiParameterLocation.Query, typeof(string));
        return Problem is null ? call.Request.Query[parameter.Name].FirstOrDefault() : null;
    }

    /// <summary>The header parameter <paramref name="parameter"/>'s values as sent (none when absent).</summary>
    public IReadOnlyList<string?> Header(ApiParameterDescription parameter)
    {
        Declared(parameter, ApiParameterLocation.Header, typeof(string));
        return Problem is null ? call.Request.Headers[parameter.Name].ToArray() : [];
    }

    /// <summary>The ticket sent outside the body: the <c>X-Ticket-Id</c> header, else <c>?ticket=</c>; null when neither.</summary>
    public string? TicketOutsideBody() => Problem is null ? WriteAnnotations.TicketOutsideBody(call.Request) : null;

    private void Declared(ApiParameterDescription parameter, ApiParameterLocation location, Type type)
    {
        if (!endpoint.Parameters.Contains(parameter) || parameter.In != location || parameter.Type != type)
        {
            throw new InvalidOperationException(
                $"{endpoint.OperationId} binds the {location} parameter '{parameter.Name}' ({type.Name}), which it does not declare so.");
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && (request.Headers.TransferEncoding.Count > 0 || !string.IsNullOrEmpty(request.ContentType)));
}
