namespace ImmutableId.Entra.Graph;

/// <summary>
/// Marks every request with Graph's <c>x-ms-throttle-priority</c>: <c>high</c> for interactive calls (one ticket at a
/// time), <c>low</c> for bulk job items, so Graph throttles a running job before a help-desk PUT.
/// </summary>
internal sealed class ThrottlePriorityHandler(string priority = ThrottlePriorityHandler.High) : DelegatingHandler
{
    public const string HeaderName = "x-ms-throttle-priority";

    /// <summary>Interactive calls.</summary>
    public const string High = "high";

    /// <summary>Bulk job items.</summary>
    public const string Low = "low";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(HeaderName))
        {
            request.Headers.Add(HeaderName, priority);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
