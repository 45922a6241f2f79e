using ImmutableId.Core.Idempotency;

namespace ImmutableId.Storage.Idempotency;

/// <summary>
/// Keys completed by the previous version kept the answer as HTTP (status, Content-Type, body); they stay replayable for
/// their 24 hours after an upgrade. Those versions stored only a write's 200 JSON result or a problem
/// (<c>application/problem+json</c>, which names its own status), so the kind follows from the media type.
/// One rule for both stores.
/// </summary>
internal static class PreviousAnswerShape
{
    public static IdempotentAnswer Read(string? contentType, string? body, string? operationId) => new(
        contentType is not null && contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase)
            ? IdempotentAnswer.Problem
            : IdempotentAnswer.Result,
        body ?? string.Empty,
        operationId);
}
