namespace ImmutableId.Core.OnPrem;

/// <summary>Why the on-prem directory could not answer; the API maps each to a 502/503-style problem.</summary>
public enum OnPremFailure
{
    /// <summary>No DC answered in time (network, DNS, Relay down).</summary>
    Unreachable,

    /// <summary>The DC refused the bind credentials (LDAP result 49).</summary>
    InvalidCredentials,

    /// <summary>The DC's TLS certificate is not trusted, or TLS could not be set up.</summary>
    TlsTrust,

    /// <summary>The DC answered with a referral to another server (the object lives in another domain).</summary>
    Referral,

    /// <summary>The search exceeded the server's size or time limit.</summary>
    LimitExceeded,

    /// <summary>The operation took longer than the configured timeout.</summary>
    Timeout,

    /// <summary>The DC refused the operation (insufficient rights, constraint violation).</summary>
    Refused,

    /// <summary>The snapshot or configuration is unusable (e.g. an unreadable LDIF file).</summary>
    Misconfigured,

    /// <summary>Agent mode: the agent's last successful sync is older than <c>Agents:StaleAfter</c> (or no agent has posted yet).</summary>
    Stale,
}
