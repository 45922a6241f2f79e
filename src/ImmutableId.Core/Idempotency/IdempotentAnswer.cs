namespace ImmutableId.Core.Idempotency;

/// <summary>
/// A write's final answer kept for replay, as the layer that answered shaped it: which kind of answer it was, its value
/// serialized, and the audit operation it belongs to. The store keeps the three as they are and interprets none of them;
/// the API layer alone maps a kind to its HTTP answer.
/// </summary>
/// <param name="Kind">What the payload is: <see cref="Result"/> or <see cref="Problem"/>.</param>
/// <param name="Payload">The answer's value, serialized (JSON in this API).</param>
/// <param name="OperationId">The audit operation the answer belongs to, or null.</param>
public sealed record IdempotentAnswer(string Kind, string Payload, string? OperationId = null)
{
    /// <summary>The write's result: its contract value (the status, the plan or the outcome of a set or clear).</summary>
    public const string Result = "result";

    /// <summary>A problem (RFC 9457: a refusal or invalid input), whose payload names its own status.</summary>
    public const string Problem = "problem";
}
