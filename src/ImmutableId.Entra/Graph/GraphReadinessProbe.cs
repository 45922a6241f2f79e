using Azure.Core;
using ImmutableId.Core.Readiness;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;

namespace ImmutableId.Entra.Graph;

/// <summary>
/// Graph readiness: a token for the app's identity, then the cheapest read the API's permission allows
/// (<c>GET /users?$top=1&amp;$select=id</c>, one resource unit). No retries: the readiness call has its own timeout.
/// </summary>
internal sealed class GraphReadinessProbe(TokenCredential credential, IOptions<EntraOptions> entraOptions, EntraGraphClient client) : IReadinessProbe
{
    private readonly EntraOptions options = entraOptions.Value;
    private readonly GraphServiceClient graph = client.Client;

    public string Dependency => ReadinessDependency.Graph;

    public async Task<ReadinessCheck> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await credential.GetTokenAsync(new TokenRequestContext([Scope(options)]), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessCheck.Failed(
                "No Graph token for the app's identity: check Entra:Credential (the managed identity is assigned to the app and Entra:ManagedIdentityClientId names it, or the client certificate is present and valid).",
                ex.Message);
        }

        try
        {
            await graph.Users.GetAsync(r =>
            {
                r.QueryParameters.Top = 1;
                r.QueryParameters.Select = ["id"];
            }, cancellationToken).ConfigureAwait(false);
            return ReadinessCheck.Ok;
        }
        catch (ODataError error) when (error.ResponseStatusCode is 401 or 403)
        {
            return ReadinessCheck.Failed(
                "Graph refused the app's token: grant the application permission User.ReadWrite.All to the app's identity (infra/scripts/grant-graph-permissions.ps1) and give the token a few minutes.",
                $"HTTP {error.ResponseStatusCode}: {error.Error?.Code}");
        }
        catch (ODataError error) when (error.ResponseStatusCode == 429)
        {
            return ReadinessCheck.Failed("Graph is throttling this app: retry later; if it persists, look for other callers of the tenant's Graph budget.", "HTTP 429");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessCheck.Failed(
                "Microsoft Graph did not answer: check Entra:GraphBaseUrl and outbound network access to Graph.",
                ex is ODataError odata ? $"HTTP {odata.ResponseStatusCode}: {odata.Error?.Code}" : ex.Message);
        }
    }

    /// <summary>The scope the adapter's client asks for (the emulator expects Graph's own).</summary>
    internal static string Scope(EntraOptions options) =>
        options.Credential == EntraCredentialKind.Emulator
            ? "https://graph.microsoft.com/.default"
            : $"https://{new Uri(options.GraphBaseUrl).Host}/.default";
}
