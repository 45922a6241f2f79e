namespace ImmutableId.Core.HardMatch;

/// <summary>
/// The stable reason codes of the workflow. They are the <c>code</c> of the API's problems and the names in an audit
/// record; never rename one.
/// </summary>
public enum GuardrailCode
{
    /// <summary>No cloud user has this UPN (or the on-prem object's UPN).</summary>
    CloudUserNotFound,

    /// <summary>No on-prem user has this UPN or objectGUID.</summary>
    OnPremUserNotFound,

    /// <summary>More than one on-prem user matched.</summary>
    AmbiguousOnPremUser,

    /// <summary>The cloud user is synced (<c>onPremisesSyncEnabled</c> true): Entra Connect masters it.</summary>
    CloudUserSynced,

    /// <summary>The cloud user's <c>onPremisesObjectIdentifier</c> is set: it was linked to an AD object before (threats.md #2).</summary>
    CloudUserLinked,

    /// <summary>The cloud user holds a directory role: active, PIM-eligible, or through a role-assignable group.</summary>
    PrivilegedTarget,

    /// <summary>The cloud user already has a different immutable ID, and replacing it was not asked for or not allowed.</summary>
    ImmutableIdAlreadySet,

    /// <summary>Another cloud user already holds the anchor (preflight query or the PATCH conflict).</summary>
    AnchorInUse,

    /// <summary>The UPN's domain is federated: the immutable ID cannot be changed there.</summary>
    FederatedDomain,

    /// <summary>The UPN domain or the on-prem OU is not in the configured allow-lists.</summary>
    OutOfScope,

    /// <summary>The AD account is disabled.</summary>
    OnPremAccountDisabled,

    /// <summary>The AD account has <c>adminCount=1</c> (protected by AdminSDHolder).</summary>
    ProtectedOnPremAccount,

    /// <summary>The cloud user is a B2B guest.</summary>
    GuestUser,

    /// <summary>The caller's <c>objectGuid</c> differs from the object the user resolved to.</summary>
    ObjectGuidMismatch,

    /// <summary><c>source=consistencyGuid</c> was asked for, but the object has no mS-DS-ConsistencyGuid.</summary>
    AnchorSourceUnavailable,

    /// <summary>Graph kept answering 429 beyond the retry budget.</summary>
    Throttled,

    /// <summary>Graph or the DC is unreachable or answered 5xx beyond the retry budget.</summary>
    UpstreamUnavailable,

    /// <summary>Graph or the DC refused in a way the caller cannot fix (missing permission, bad bind credentials, TLS trust).</summary>
    UpstreamError,

    /// <summary>Warning: mS-DS-ConsistencyGuid differs from objectGUID (e.g. after a forest migration).</summary>
    AnchorSourceMismatch,

    /// <summary>Warning: the cloud user already holds this anchor; nothing to write.</summary>
    AlreadyMatched,

    /// <summary>Warning: clear was asked for, but the cloud user has no immutable ID; nothing to write.</summary>
    NothingToClear,

    /// <summary>The resolved user (UPN domain or on-prem OU) is outside what the calling application may see or change (<c>Auth:CallerScopes</c>).</summary>
    OutOfCallerScope,

    /// <summary>Another set or clear of the same cloud user (by whatever name) was running; nothing was written.</summary>
    UserBusy,
}
