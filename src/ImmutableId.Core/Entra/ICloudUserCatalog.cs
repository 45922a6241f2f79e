namespace ImmutableId.Core.Entra;

/// <summary>Every user of the tenant, page by page — what an assess job without a user list discovers its candidates from.</summary>
public interface ICloudUserCatalog
{
    /// <summary>Each user with the few properties discovery needs, in pages Graph paces (low throttle priority).</summary>
    /// <exception cref="EntraDirectoryException">Graph could not be read (permission missing, throttled or unavailable past the retry budget).</exception>
    IAsyncEnumerable<CloudUserListing> ListUsersAsync(CancellationToken cancellationToken = default);
}

/// <summary>One user as listed.</summary>
/// <param name="Id">The object id.</param>
/// <param name="UserPrincipalName">The UPN.</param>
/// <param name="OnPremisesImmutableId">The anchor it holds, if any.</param>
/// <param name="OnPremisesSyncEnabled">True when Entra Connect or Cloud Sync masters it.</param>
/// <param name="UserType">Member or Guest.</param>
public sealed record CloudUserListing(string Id, string? UserPrincipalName, string? OnPremisesImmutableId, bool? OnPremisesSyncEnabled, string? UserType);
