using System.Net;
using System.Text;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class RobustnessTests(SharedEmulator shared) : IClassFixture<SharedEmulator>
{
    public static TheoryData<string, string, string?> OddRequests => new()
    {
        { "GET", "v1.0/", null },
        { "GET", "v1.0/nothing/here", null },
        { "GET", "v1.0/users/", null },
        { "GET", "v1.0/users('')", null },
        { "GET", "v1.0/users('unterminated", null },
        { "GET", "v1.0/users/a/b/c/d", null },
        { "DELETE", "v1.0/users/adele.vance@contoso.com", null },
        { "POST", "v1.0/users", "{}" },
        { "GET", "v1.0/users?$filter=", null },
        { "GET", "v1.0/users?$filter=((((((((((((((((((((((((((((((((((((userType eq 'x'))))))))))))))))))))))))))))))))))", null },
        { "GET", "v1.0/users?$filter=userPrincipalName in ()", null },
        { "GET", "v1.0/users?$filter=accountEnabled eq 5", null },
        { "GET", "v1.0/users?$filter=startswith(accountEnabled, 'x')", null },
        { "GET", "v1.0/users?$select=,,,", null },
        { "GET", "v1.0/users?$top=-1", null },
        { "GET", "v1.0/users?$top=99999999999999999999", null },
        { "GET", "v1.0/users?$count=maybe", null },
        { "GET", "v1.0/users?$orderby=displayName", null },
        { "GET", "v1.0/users?$filter=a&$filter=b", null },
        { "GET", "v1.0/domains?$filter=startswith(isDefault,'t')", null },
        { "GET", "v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq 'x'&$expand=principal", null },
        { "GET", "v1.0/roleManagement/directory/whatever", null },
        { "GET", "v1.0/servicePrincipals?$filter=appRoles eq 'x'", null },
        { "POST", "v1.0/servicePrincipals/33333333-0000-4000-8000-000000000001/appRoleAssignedTo", "{\"principalId\":5,\"appRoleId\":[1]}" },
        { "POST", "v1.0/servicePrincipals/33333333-0000-4000-8000-000000000001/appRoleAssignedTo", "null" },
        { "PATCH", "v1.0/users/adele.vance@contoso.com", "" },
        { "PATCH", "v1.0/users/adele.vance@contoso.com", "{\"accountEnabled\":\"yes\"}" },
        { "PATCH", "v1.0/users/adele.vance@contoso.com", "{\"displayName\":null}" },
        { "PATCH", "v1.0/users/adele.vance@contoso.com", "{\"userPrincipalName\":\"a@b@contoso.com\"}" },
        { "POST", "v1.0/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/$batch\"}]}" },
        { "POST", "v1.0/$batch", "{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/users?$filter=%ZZ\"}]}" },
        { "POST", "v1.0/$batch", "{\"requests\":[{\"id\":1,\"method\":\"GET\",\"url\":\"/users\"}]}" },
        { "GET", "v1.0/$batch", null },
    };

    [Theory]
    [MemberData(nameof(OddRequests))]
    public async Task OddRequest_AnsweredWithoutServerError(string method, string url, string? body)
    {
        var emulator = shared.Host;
        emulator.Reset();
        var http = GraphClients.Http(emulator, emulator.MintToken("55555555-0000-4000-8000-000000000001", ["Directory.ReadWrite.All", "Application.ReadWrite.All", "RoleManagement.Read.Directory"]));
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode >= HttpStatusCode.BadRequest)
        {
            Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
