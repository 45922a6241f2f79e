namespace ImmutableId.Core.Entra;

/// <summary>Why a read from Entra failed.</summary>
public enum EntraFailure
{
    /// <summary>429 after the retry budget.</summary>
    Throttled,

    /// <summary>5xx, timeout or dropped connection after the retry budget.</summary>
    Unavailable,

    /// <summary>401/403: the managed identity lacks a Graph permission (the message names it).</summary>
    Forbidden,
}
