using ImmutableId.Core.Entra;

namespace ImmutableId.Entra.Graph;

/// <summary>Raised inside an attempt when a <c>$batch</c> step was throttled or unavailable: the policy retries it.</summary>
internal sealed class TransientGraphException(EntraFailure failure, int status, TimeSpan? retryAfter)
    : Exception($"A batched Graph request answered {status}.")
{
    public EntraFailure Failure { get; } = failure;

    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
