using System.Net;
using System.Text.Json.Nodes;
using ImmutableId.EntraEmulator.Seeding;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class UserQueryTests
{
    private static readonly string[] OnPremFields =
        ["id", "userPrincipalName", "userType", "onPremisesImmutableId", "onPremisesSyncEnabled", "onPremisesDistinguishedName", "onPremisesLastSyncDateTime"];

    [Fact]
    public async Task GetUser_ByUpnWithSelect_ReturnsOnPremFields()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var user = await graph.Users["lee.gu@contoso.com"].GetAsync(r => r.QueryParameters.Select = OnPremFields);

        Assert.NotNull(user);
        Assert.Equal(DemoTenant.Users.LeeSynced, user.Id);
        Assert.True(user.OnPremisesSyncEnabled);
        Assert.Equal("HIorb049UE+Ka3yNng8aKw==", user.OnPremisesImmutableId);
        Assert.Equal("CN=Lee Gu,OU=Staff,DC=contoso,DC=com", user.OnPremisesDistinguishedName);
        Assert.Null(user.DisplayName); // not selected
    }

    [Fact]
    public async Task GetUser_WithoutSelect_ReturnsDefaultPropertySetOnly()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var json = JsonNode.Parse(await http.GetStringAsync("v1.0/users/adele.vance@contoso.com"))!.AsObject();

        Assert.Equal("Adele Vance", (string?)json["displayName"]);
        Assert.False(json.ContainsKey("onPremisesImmutableId"));
    }

    [Theory]
    [InlineData("megan.o'brien@contoso.com")]
    [InlineData("MEGAN.O'BRIEN@contoso.com")]
    [InlineData(DemoTenant.Users.Megan)]
    public async Task GetUser_ApostropheUpnOrId_Found(string key)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var user = await graph.Users[key].GetAsync();

        Assert.Equal(DemoTenant.Users.Megan, user!.Id);
    }

    [Fact]
    public async Task GetUser_ParenthesisFormWithDoubledQuote_Found()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var json = JsonNode.Parse(await http.GetStringAsync("v1.0/users('megan.o''brien%40contoso.com')?$select=id"))!;

        Assert.Equal(DemoTenant.Users.Megan, (string?)json["id"]);
    }

    [Fact]
    public async Task GetUser_GuestExtUpnEncoded_Found()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var user = await graph.Users["joni_outlook.com#EXT#@contoso.onmicrosoft.com"].GetAsync(r => r.QueryParameters.Select = ["id", "userType"]);

        Assert.Equal(DemoTenant.Users.JoniGuest, user!.Id);
        Assert.Equal("Guest", user.UserType);
        Assert.Contains("/users/joni_outlook.com#EXT#@contoso.onmicrosoft.com", emulator.RequestLog.Entries.Select(e => e.Path));
    }

    [Fact]
    public async Task GetUser_Unknown_404InGraphShapeWithClientRequestIdEchoed()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/users/nobody@contoso.com");
        request.Headers.Add("client-request-id", "c-123");

        using var response = await http.SendAsync(request);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Request_ResourceNotFound", (string?)error["code"]);
        Assert.Equal("Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.", (string?)error["message"]);
        Assert.Equal("c-123", (string?)error["innerError"]!["client-request-id"]);
        Assert.True(Guid.TryParse((string?)error["innerError"]!["request-id"], out _));
        Assert.NotNull((string?)error["innerError"]!["date"]);
        Assert.Equal("c-123", response.Headers.GetValues("client-request-id").Single());
    }

    [Fact]
    public async Task GetUser_DollarUpnWithoutParenthesisForm_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var response = await http.GetAsync("v1.0/users/$x@contoso.com");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ListUsers_FilterWithDoubledQuote_FindsExactlyTheUser()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "userPrincipalName eq 'megan.o''brien@contoso.com'");

        Assert.Equal(DemoTenant.Users.Megan, Assert.Single(page!.Value!).Id);
    }

    [Theory]
    [InlineData("userPrincipalName eq 'x'' or ''1'' eq ''1'")]
    [InlineData("userPrincipalName eq '*'")]
    [InlineData("startswith(userPrincipalName,'zzz')")]
    public async Task ListUsers_InjectionAttempts_MatchNothing(string filter)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.Users.GetAsync(r => r.QueryParameters.Filter = filter);

        Assert.Empty(page!.Value!);
    }

    [Theory]
    [InlineData("userPrincipalName eq 'unterminated")]
    [InlineData("userPrincipalName eq")]
    [InlineData("(userPrincipalName eq 'a'")]
    [InlineData("userPrincipalName eq 'a' and")]
    [InlineData("foo eq 'a'")]
    [InlineData("userPrincipalName xx 'a'")]
    [InlineData("')(")]
    [InlineData("\0")]
    public async Task ListUsers_MalformedFilter_400NeverServerError(string filter)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync(r => r.QueryParameters.Filter = filter));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Contains(error.Error!.Code, new[] { "BadRequest", "Request_UnsupportedQuery" });
    }

    [Fact]
    public async Task ListUsers_AndOrStartsWith_Combine()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.Users.GetAsync(r => r.QueryParameters.Filter =
            "(startswith(userPrincipalName,'a') and mail eq 'alex.wilber@contoso.com') or id eq '" + DemoTenant.Users.Megan + "'");

        Assert.Equal([DemoTenant.Users.Alex, DemoTenant.Users.Megan], page!.Value!.Select(u => u.Id));
    }

    [Fact]
    public async Task ListUsers_ImmutableIdFilterWithoutAdvancedQuery_400UnsupportedQuery()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync(r => r.QueryParameters.Filter = $"onPremisesImmutableId eq '{DemoTenant.Users.NestorImmutableId}'"));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("Request_UnsupportedQuery", error.Error!.Code);
    }

    [Fact]
    public async Task ListUsers_ImmutableIdFilterWithEventualAndCount_FindsHolderWithCount()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"onPremisesImmutableId eq '{DemoTenant.Users.NestorImmutableId}'";
            r.QueryParameters.Count = true;
            r.QueryParameters.Select = ["id", "userPrincipalName"];
            r.Headers.Add("ConsistencyLevel", "eventual");
        });

        Assert.Equal(1, page!.OdataCount);
        Assert.Equal(DemoTenant.Users.NestorWithImmutableId, Assert.Single(page.Value!).Id);
    }

    [Fact]
    public async Task ListUsers_ImmutableIdFilter_IsCaseSensitive()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"onPremisesImmutableId eq '{DemoTenant.Users.NestorImmutableId.ToLowerInvariant()}'";
            r.QueryParameters.Count = true;
            r.Headers.Add("ConsistencyLevel", "eventual");
        });

        Assert.Empty(page!.Value!);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1000")]
    [InlineData("abc")]
    public async Task ListUsers_TopOutOfRange_400(string top)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var response = await http.GetAsync($"v1.0/users?$top={top}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ListUsers_PagingOverBulkUsers_ReachesTheEndWithEveryUserOnce()
    {
        var seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(1_500, "contoso.com")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        var graph = GraphClients.ForFunction(emulator);
        var ids = new List<string>();

        var first = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Top = 999;
            r.QueryParameters.Select = ["id"];
        });
        var iterator = PageIterator<User, UserCollectionResponse>.CreatePageIterator(graph, first!, u =>
        {
            ids.Add(u.Id!);
            return true;
        });
        await iterator.IterateAsync();

        Assert.Equal(seed.Users!.Count + 1_500, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(2, emulator.RequestLog.RoundTrips.Count);
    }

    [Fact]
    public async Task ListUsers_DefaultPageSize_Is100WithNextLink()
    {
        var seed = SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(150, "contoso.com")] };
        await using var emulator = await EntraEmulatorHost.StartAsync(new EntraEmulatorOptions { Seed = seed });
        var graph = GraphClients.ForFunction(emulator);

        var page = await graph.Users.GetAsync();

        Assert.Equal(100, page!.Value!.Count);
        Assert.StartsWith(emulator.GraphBaseUrl + "/users?", page.OdataNextLink);
    }

    [Fact]
    public async Task ListUsers_TamperedSkipToken_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var response = await http.GetAsync("v1.0/users?$skiptoken=garbage!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
