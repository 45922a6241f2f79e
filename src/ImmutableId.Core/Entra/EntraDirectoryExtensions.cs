namespace ImmutableId.Core.Entra;

/// <summary>Reads composed from <see cref="IEntraDirectory"/>'s steps.</summary>
public static class EntraDirectoryExtensions
{
    /// <summary>Resolves the user, then reads its facts: what a status needs, for callers outside the write workflow (tools, tests).</summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read.</exception>
    public static async Task<CloudPreflight> GetPreflightAsync(this IEntraDirectory directory, string idOrUserPrincipalName, string? immutableId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var resolved = await directory.ResolveUserAsync(idOrUserPrincipalName, cancellationToken).ConfigureAwait(false);
        return await directory.GetFactsAsync(resolved, immutableId, cancellationToken).ConfigureAwait(false);
    }
}
