namespace ImmutableId.Core.Entra;

/// <summary>Everything the guardrails need from Entra about one target, read in as few round trips as possible.</summary>
/// <param name="User">The user, or null when not found.</param>
/// <param name="UpnDomainAuthentication">How the UPN's domain authenticates.</param>
/// <param name="AnchorHolders">Other users whose onPremisesImmutableId already equals the anchor being checked (eventually consistent).</param>
/// <param name="Roles">Active, eligible and group-transitive directory roles of the user.</param>
/// <param name="ObjectIdentifier">
/// The user's <c>onPremisesObjectIdentifier</c> as read in this request (Graph beta); null when the adapter did not
/// try (then the guardrail reports it unknown, never passed).
/// </param>
public sealed record CloudPreflight(
    CloudUser? User,
    DomainAuthentication UpnDomainAuthentication,
    IReadOnlyList<CloudUserReference> AnchorHolders,
    IReadOnlyList<RoleHolding> Roles,
    ObjectIdentifierRead? ObjectIdentifier = null);
