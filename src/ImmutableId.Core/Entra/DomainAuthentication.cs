namespace ImmutableId.Core.Entra;

/// <summary>How a verified domain signs users in (Graph <c>domain.authenticationType</c>).</summary>
public enum DomainAuthentication
{
    /// <summary>The domain is not in the tenant, or could not be read.</summary>
    Unknown,

    /// <summary>Cloud authentication (password hash sync, pass-through, or cloud-only).</summary>
    Managed,

    /// <summary>Federated with an external IdP: onPremisesImmutableId can't be changed for its users.</summary>
    Federated,
}
