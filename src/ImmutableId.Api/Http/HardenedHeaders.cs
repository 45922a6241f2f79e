using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Http;

/// <summary>
/// The headers every answer of both hosts carries: nothing is cached (answers hold directory facts and audit records),
/// nothing is MIME-sniffed, and the server does not name itself. Both hosts call <see cref="Apply"/> once per request.
/// </summary>
public static class HardenedHeaders
{
    /// <summary>The <c>Cache-Control</c> value of every answer.</summary>
    public const string CacheControl = "no-store";

    /// <summary>The <c>X-Content-Type-Options</c> value of every answer.</summary>
    public const string ContentTypeOptions = "nosniff";

    /// <summary>
    /// Sets the headers now and again just before the answer starts: an exception handler clears the headers of a
    /// failed answer before it writes its problem, and the second pass puts them back.
    /// </summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Set(response);
        if (!response.HasStarted)
        {
            response.OnStarting(static state =>
            {
                Set((HttpResponse)state);
                return Task.CompletedTask;
            }, response);
        }
    }

    private static void Set(HttpResponse response)
    {
        response.Headers.CacheControl = CacheControl;
        response.Headers.XContentTypeOptions = ContentTypeOptions;
        response.Headers.Remove("Server");
    }
}
