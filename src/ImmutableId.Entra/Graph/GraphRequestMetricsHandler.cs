namespace ImmutableId.Entra.Graph;

/// <summary>Counts every Graph request by method and status (<see cref="GraphTelemetry"/>); a failed send counts as status 0.</summary>
internal sealed class GraphRequestMetricsHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var status = 0;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            GraphTelemetry.Requests.Add(1, new KeyValuePair<string, object?>("http.request.method", request.Method.Method), new KeyValuePair<string, object?>("http.response.status_code", status));
            if (status == 429)
            {
                GraphTelemetry.Throttled.Add(1);
            }
        }
    }
}
