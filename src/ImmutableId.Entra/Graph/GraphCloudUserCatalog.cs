using System.Runtime.CompilerServices;
using ImmutableId.Core.Entra;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// <see cref="ICloudUserCatalog"/> over Microsoft Graph v1.0: <c>GET /users?$select=…&amp;$top=999</c>, then each
/// <c>@odata.nextLink</c> — one request per 999 users (51 for a 50,000-user tenant), each bounded by the retry budget,
/// on the bulk client (<c>x-ms-throttle-priority: low</c>) so a discovery never crowds out an interactive call.
/// A plain list needs no advanced query (no <c>ConsistencyLevel</c>), so it is not subject to the index lag of one.
/// </summary>
internal sealed class GraphCloudUserCatalog(GraphServiceClient graph, GraphRetryPolicy retry) : ICloudUserCatalog
{
    internal static readonly string[] Select = ["id", "userPrincipalName", "onPremisesImmutableId", "onPremisesSyncEnabled", "userType"];

    public async IAsyncEnumerable<CloudUserListing> ListUsersAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? next = null;
        do
        {
            var link = next;
            var page = await retry.ExecuteAsync("list users", async ct =>
            {
                try
                {
                    return link is null
                        ? await graph.Users.GetAsync(r => r.QueryParameters = new() { Select = Select, Top = 999 }, ct).ConfigureAwait(false)
                        : await graph.Users.WithUrl(link).GetAsync(cancellationToken: ct).ConfigureAwait(false);
                }
                catch (ODataError error) when (error.ResponseStatusCode is 401 or 403)
                {
                    throw new EntraDirectoryException(EntraFailure.Forbidden,
                        $"Microsoft Graph refused to list users ({error.ResponseStatusCode} {error.Error?.Code}): the identity needs the application permission User.Read.All.", innerException: error);
                }
                catch (ODataError error) when (error.ResponseStatusCode is >= 400 and < 500 and not 429)
                {
                    throw new EntraDirectoryException(EntraFailure.Unavailable,
                        $"Microsoft Graph could not list users ({error.ResponseStatusCode} {error.Error?.Code}).", innerException: error);
                }
            }, cancellationToken).ConfigureAwait(false);
            foreach (var user in page?.Value ?? [])
            {
                if (user.Id is not null)
                {
                    yield return new CloudUserListing(user.Id, user.UserPrincipalName, user.OnPremisesImmutableId, user.OnPremisesSyncEnabled, user.UserType);
                }
            }

            next = page?.OdataNextLink;
        }
        while (next is not null);
    }
}
