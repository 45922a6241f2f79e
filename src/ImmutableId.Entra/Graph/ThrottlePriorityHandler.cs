namespace ImmutableId.Entra.Graph;

/// <summary>
/// Marks every request as interactive: <c>x-ms-throttle-priority: high</c>. Our calls serve one ticket at a time, so
/// Graph should throttle bulk (low/normal) traffic of the tenant before them.
/// </summary>
internal sealed class ThrottlePriorityHandler : DelegatingHandler
{
    public const string HeaderName = "x-ms-throttle-priority";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(HeaderName))
        {
            request.Headers.Add(HeaderName, "high");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
