using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class BatchTests
{
    [Fact]
    public async Task Batch_ThroughSdk_EachRequestAnsweredInOneRoundTrip()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var graph = GraphClients.ForFunction(emulator);
        var batch = new BatchRequestContentCollection(graph);
        var userStep = await batch.AddBatchRequestStepAsync(graph.Users["adele.vance@contoso.com"].ToGetRequestInformation(r => r.QueryParameters.Select = ["id", "onPremisesImmutableId"]));
        var domainStep = await batch.AddBatchRequestStepAsync(graph.Domains["contoso.com"].ToGetRequestInformation());
        var missingStep = await batch.AddBatchRequestStepAsync(graph.Users["ghost@contoso.com"].ToGetRequestInformation());

        var response = await graph.Batch.PostAsync(batch);
        var user = await response.GetResponseByIdAsync<User>(userStep);
        var domain = await response.GetResponseByIdAsync<Domain>(domainStep);
        var statuses = await response.GetResponsesStatusCodesAsync();

        Assert.Equal(DemoTenant.Users.Adele, user.Id);
        Assert.Equal("Managed", domain.AuthenticationType);
        Assert.Equal(HttpStatusCode.NotFound, statuses[missingStep]);
        Assert.Single(emulator.RequestLog.RoundTrips);
        Assert.Equal(4, emulator.RequestLog.Entries.Count);
    }

    [Fact]
    public async Task Batch_MoreThan20_400()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        var requests = new JsonArray(Enumerable.Range(1, 21).Select(i => (JsonNode)new JsonObject { ["id"] = $"{i}", ["method"] = "GET", ["url"] = "/domains" }).ToArray());

        using var response = await http.PostAsync("v1.0/$batch", Json(new JsonObject { ["requests"] = requests }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
    }

    [Fact]
    public async Task Batch_DependsOnFailedRequest_424AndDependentNotRun()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        var body = JsonNode.Parse("""
            {"requests":[
              {"id":"1","method":"PATCH","url":"/users/ghost@contoso.com","headers":{"Content-Type":"application/json"},"body":{"displayName":"x"}},
              {"id":"2","method":"PATCH","url":"/users/adele.vance@contoso.com","dependsOn":["1"],"headers":{"Content-Type":"application/json"},"body":{"displayName":"changed"}},
              {"id":"3","method":"GET","url":"/users/adele.vance@contoso.com?$select=displayName","dependsOn":["2"]}
            ]}
            """)!;

        using var response = await http.PostAsync("v1.0/$batch", Json(body));
        var responses = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["responses"]!.AsArray();

        Assert.Equal([404, 424, 424], responses.Select(r => (int)r!["status"]!));
        Assert.Equal("Adele Vance", emulator.FindUser(DemoTenant.Users.Adele)!.DisplayName);
    }

    [Fact]
    public async Task Batch_DependsOnSucceeded_RunsInOrder()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        var body = JsonNode.Parse("""
            {"requests":[
              {"id":"a","method":"PATCH","url":"/users/adele.vance@contoso.com","headers":{"Content-Type":"application/json"},"body":{"displayName":"changed"}},
              {"id":"b","method":"GET","url":"users/adele.vance@contoso.com?$select=displayName","dependsOn":["a"]}
            ]}
            """)!;

        using var response = await http.PostAsync("v1.0/$batch", Json(body));
        var responses = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["responses"]!.AsArray();

        Assert.Equal(204, (int)responses[0]!["status"]!);
        Assert.Equal("changed", (string?)responses[1]!["body"]!["displayName"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"requests\":[]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"https://evil.example/users\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/domains\"},{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/domains\"}]}")]
    [InlineData("{\"requests\":[{\"id\":\"1\",\"method\":\"GET\",\"url\":\"/domains\",\"dependsOn\":[\"9\"]}]}")]
    [InlineData("not json")]
    public async Task Batch_InvalidPayload_400(string payload)
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var response = await http.PostAsync("v1.0/$batch", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
