namespace ImmutableId.Core.Entra;

/// <summary>Entra could not be read; <see cref="Failure"/> says why.</summary>
public sealed class EntraDirectoryException : Exception
{
    public EntraDirectoryException(EntraFailure failure, string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        RetryAfter = retryAfter;
    }

    /// <summary>The kind of failure.</summary>
    public EntraFailure Failure { get; }

    /// <summary>How long Graph asked to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
