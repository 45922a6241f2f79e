namespace ImmutableId.Core.OnPrem;

/// <summary>The on-prem directory could not answer; <see cref="Failure"/> says why.</summary>
public sealed class OnPremDirectoryException : Exception
{
    public OnPremDirectoryException(OnPremFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>The kind of failure.</summary>
    public OnPremFailure Failure { get; }
}
