using ImmutableId.Entra.Graph;
using ImmutableId.EntraEmulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Kiota.Abstractions;
using static ImmutableId.Entra.Graph.GraphEntraDirectory;

namespace ImmutableId.Entra.Tests;

/// <summary>
/// The adapter sets OData query options by their URL-template names instead of the SDK's reflective
/// <c>r.QueryParameters…</c> configuration: for every option type the preflight uses (string, string[], int, bool) the
/// URL is the one the SDK builds itself.
/// </summary>
public sealed class GraphEntraDirectoryQueryTests
{
    [Fact]
    public async Task Query_BuildsTheSameUrlAsTheSdksOwnConfiguration()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        await using var services = EntraDirectoryFactory.Create(emulator);
        var graph = services.GetRequiredService<EntraGraphClient>().Client;
        const string Key = "megan.o'brien@contoso.com";

        var pairs = new (RequestInformation Direct, RequestInformation Sdk)[]
        {
            (Query(graph.Users[Key].TransitiveMemberOf.ToGetRequestInformation(), (Top, 999), (Select, new[] { "id", "displayName" })),
             graph.Users[Key].TransitiveMemberOf.ToGetRequestInformation(r =>
             {
                 r.QueryParameters.Top = 999;
                 r.QueryParameters.Select = ["id", "displayName"];
             })),
            (Query(graph.Users.ToGetRequestInformation(), (Filter, "onPremisesImmutableId eq 'a+b/c=='"), (Count, true), (Select, new[] { "id" }), (Top, 10)),
             graph.Users.ToGetRequestInformation(r =>
             {
                 r.QueryParameters.Filter = "onPremisesImmutableId eq 'a+b/c=='";
                 r.QueryParameters.Count = true;
                 r.QueryParameters.Select = ["id"];
                 r.QueryParameters.Top = 10;
             })),
            (Query(graph.RoleManagement.Directory.RoleAssignments.ToGetRequestInformation(), (Filter, "principalId eq 'x'"), (Expand, new[] { "roleDefinition" })),
             graph.RoleManagement.Directory.RoleAssignments.ToGetRequestInformation(r =>
             {
                 r.QueryParameters.Filter = "principalId eq 'x'";
                 r.QueryParameters.Expand = ["roleDefinition"];
             })),
        };

        foreach (var (direct, sdk) in pairs)
        {
            Assert.Contains("%24", sdk.URI.OriginalString, StringComparison.Ordinal);   // the options are in the URL at all
            Assert.Equal(sdk.URI.OriginalString, direct.URI.OriginalString);
        }
    }
}
