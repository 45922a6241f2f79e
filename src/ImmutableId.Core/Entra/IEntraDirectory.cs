namespace ImmutableId.Core.Entra;

/// <summary>Microsoft Entra ID as the workflow uses it (implemented over Microsoft Graph in ImmutableId.Entra).</summary>
/// <remarks>Reads throw <see cref="EntraDirectoryException"/> on infrastructure failure; writes answer a status.</remarks>
public interface IEntraDirectory
{
    /// <summary>The user by object id or UPN, or null when none exists.</summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read.</exception>
    Task<CloudUser?> GetUserAsync(string idOrUserPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>
    /// The user, its UPN domain's authentication type, the other holders of <paramref name="immutableId"/> (when
    /// given) and the user's directory roles (active, eligible, through groups) — in at most two Graph round trips.
    /// </summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read.</exception>
    Task<CloudPreflight> GetPreflightAsync(string idOrUserPrincipalName, string? immutableId, CancellationToken cancellationToken = default);

    /// <summary>Writes onPremisesImmutableId; <paramref name="immutableId"/> null sends an explicit JSON null (clears it).</summary>
    Task<EntraWriteResult> SetImmutableIdAsync(string userId, string? immutableId, CancellationToken cancellationToken = default);
}
