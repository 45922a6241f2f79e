namespace ImmutableId.Core.Idempotency;

/// <summary>A completed response kept for replay.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The Content-Type, when there was a body.</param>
/// <param name="Body">The body as UTF-8 text (this API only answers JSON).</param>
/// <param name="OperationId">The audit operation id the response belongs to, replayed in its header.</param>
public sealed record StoredResponse(int StatusCode, string? ContentType, string? Body, string? OperationId = null);
