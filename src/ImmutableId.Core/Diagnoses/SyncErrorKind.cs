namespace ImmutableId.Core.Diagnoses;

/// <summary>The sync errors the diagnosis recognises (names as Entra Connect / Cloud Sync report them).</summary>
public enum SyncErrorKind
{
    /// <summary>Soft match found a cloud object whose immutable ID differs from the incoming anchor.</summary>
    InvalidSoftMatch,

    /// <summary>A unique attribute (UPN, proxyAddresses, mail…) is already held by another object.</summary>
    AttributeValueMustBeUnique,

    /// <summary>Since 2026: hard match refused onto a cloud user with onPremisesObjectIdentifier set (or a directory role).</summary>
    HardMatchSecurityHardening,

    /// <summary>Soft match attributes collide with an object of another type (group, contact).</summary>
    ObjectTypeMismatch,

    /// <summary>Entra refused the data itself (invalid attribute value or format).</summary>
    DataValidationFailed,

    /// <summary>A synced user's UPN moved from one federated domain to another.</summary>
    FederatedDomainChangeError,

    /// <summary>Hard match refused because the tenant blocks cloud object takeover through hard match.</summary>
    InvalidHardMatch,

    /// <summary>Soft match refused onto a cloud user holding an admin role.</summary>
    ExistingAdminRoleConflict,
}
