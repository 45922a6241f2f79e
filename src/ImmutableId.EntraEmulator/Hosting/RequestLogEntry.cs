namespace ImmutableId.EntraEmulator.Hosting;

/// <summary>One Graph request the emulator received (tokens are never recorded).</summary>
/// <param name="Sequence">1, 2, 3… in arrival order.</param>
/// <param name="Timestamp">When it arrived.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The decoded path after <c>/v1.0</c>, e.g. <c>/users/adele.vance@contoso.com</c>; beta requests keep their prefix (<c>/beta/users/…</c>).</param>
/// <param name="Query">The decoded query string without the leading '?', e.g. <c>$select=id</c>.</param>
/// <param name="Status">The status answered.</param>
/// <param name="AppId">The caller's <c>appid</c>, when the token was valid.</param>
/// <param name="Body">The request body (PATCH/POST), as sent.</param>
/// <param name="BatchRequestId">For a request inside a <c>$batch</c>: its id there; null for an HTTP round trip.</param>
/// <param name="Headers">The request headers that matter to Graph (ConsistencyLevel, x-ms-throttle-priority, client-request-id, Content-Type).</param>
/// <param name="AnswerDropped">True when the request was served (a write applied) but the connection was aborted before the answer (fault <c>DropAfterApplyRate</c>).</param>
public sealed record RequestLogEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Method,
    string Path,
    string Query,
    int Status,
    string? AppId,
    string? Body,
    string? BatchRequestId,
    IReadOnlyDictionary<string, string> Headers,
    bool AnswerDropped = false)
{
    /// <summary>True for an HTTP round trip (including a <c>$batch</c> itself), false for a request inside a batch.</summary>
    public bool IsRoundTrip => BatchRequestId is null;
}
