namespace ImmutableId.Core.Entra;

/// <summary>The cloud user a name resolved to, read in one request, with its beta-only link property.</summary>
/// <param name="User">The user, or null when no user has that id or UPN.</param>
/// <param name="ObjectIdentifier">
/// <c>onPremisesObjectIdentifier</c> as read in this request (Graph beta); unreadable with the reason when beta failed,
/// so the guardrail reports it unknown, never passed.
/// </param>
public sealed record CloudUserResolution(CloudUser? User, ObjectIdentifierRead ObjectIdentifier)
{
    /// <summary>No user of that name (nothing to read about a link).</summary>
    public static CloudUserResolution NotFound { get; } = new(null, ObjectIdentifierRead.Unreadable("the cloud user was not found"));
}
