namespace ImmutableId.Core.Entra;

/// <summary>What Graph answered to a write of onPremisesImmutableId, mapped from the error's structure.</summary>
public enum EntraWriteStatus
{
    /// <summary>204: written.</summary>
    Succeeded,

    /// <summary>404: the user does not exist (any more).</summary>
    UserNotFound,

    /// <summary>400 ObjectConflict on onPremisesImmutableId: another object holds the value.</summary>
    AnchorInUse,

    /// <summary>400: the user is mastered on-premises (directory-synced).</summary>
    SyncedUser,

    /// <summary>400: the user's UPN is in a federated domain.</summary>
    FederatedDomain,

    /// <summary>400: the value is not allowed (e.g. holds '$' or '_').</summary>
    InvalidValue,

    /// <summary>403 Authorization_RequestDenied: the app may not change this (privileged) user's sensitive properties.</summary>
    Forbidden,

    /// <summary>429 after the retry budget.</summary>
    Throttled,

    /// <summary>5xx, timeout or dropped connection after the retry budget.</summary>
    Unavailable,
}
