namespace ImmutableId.Core.Idempotency;

/// <summary>The answer to a claim: its status and, for <see cref="IdempotencyClaimStatus.Replay"/>, the stored answer.</summary>
public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, IdempotentAnswer? Answer = null)
{
    public static IdempotencyClaim New { get; } = new(IdempotencyClaimStatus.New);

    public static IdempotencyClaim Mismatch { get; } = new(IdempotencyClaimStatus.Mismatch);

    public static IdempotencyClaim InProgress { get; } = new(IdempotencyClaimStatus.InProgress);

    public static IdempotencyClaim Replay(IdempotentAnswer answer) => new(IdempotencyClaimStatus.Replay, answer);
}
