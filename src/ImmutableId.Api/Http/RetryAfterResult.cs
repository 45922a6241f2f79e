using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Http;

/// <summary>
/// An answer that asks the caller to retry after <see cref="Seconds"/> (throttling, a busy user, a rate limit): it adds
/// <c>Retry-After</c>. The write guard reads that this answer is one to retry from its type, never from the header.
/// </summary>
public sealed class RetryAfterResult(IResult inner, int seconds) : IResult
{
    /// <summary>The answer itself.</summary>
    public IResult Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The seconds to wait before retrying.</summary>
    public int Seconds { get; } = seconds;

    /// <inheritdoc/>
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers.RetryAfter = Seconds.ToString(CultureInfo.InvariantCulture);
        return Inner.ExecuteAsync(httpContext);
    }
}
