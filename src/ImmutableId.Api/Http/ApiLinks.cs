using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace ImmutableId.Api.Http;

/// <summary>
/// Absolute links in answers (<c>nextLink</c>, a status monitor's <c>Location</c>): connectors (Power Automate's
/// <c>x-ms-pageable</c> and asynchronous pattern) follow only absolute URLs. The scheme and host are the request's own,
/// so a link leads the caller back to the host it called.
/// </summary>
public static class ApiLinks
{
    /// <summary>The absolute URL of <paramref name="path"/> (including the path base) with <paramref name="query"/> on the request's host.</summary>
    public static string Absolute(HttpRequest request, PathString path, QueryString query = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, path, query);
    }

    /// <summary>The request's own absolute URL with <c>continuationToken</c> replaced by <paramref name="continuationToken"/>.</summary>
    public static string NextPage(HttpRequest request, string continuationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = request.Query.Where(p => p.Key != "continuationToken").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString()))
            .Append(KeyValuePair.Create("continuationToken", (string?)continuationToken));
        return Absolute(request, request.Path, QueryString.Create(parameters));
    }
}
