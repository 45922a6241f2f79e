using System.Net;
using System.Text;
using ImmutableId.EntraEmulator.Throttling;

namespace ImmutableId.EntraEmulator.Tests;

public sealed class ThrottlingTests
{
    [Fact]
    public async Task Patch_BurstBeyondWriteBucket_429WithRetryAfterThenSucceedsAfterWaiting()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        // One write token every 4 s: the burst of 8 ends long before a token refills, even on a loaded machine
        // (a 2 s window refilled one mid-burst on a busy CI box and let a sixth write through).
        emulator.Throttling = new ThrottleSettings(WriteLimit: 5, WriteWindowSeconds: 20);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? throttled = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await Patch(http, $"Name {i}");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled = response;
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.NoContent));
        Assert.NotNull(throttled);
        var retryAfter = throttled.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 4);
        Assert.Equal("WriteLimitExceeded", throttled.Headers.GetValues("x-ms-throttle-information").Single());
        Assert.StartsWith("Tenant_Application/Write/", throttled.Headers.GetValues("x-ms-throttle-scope").Single());

        await Task.Delay(retryAfter);
        using var retried = await Patch(http, "after waiting");

        Assert.Equal(HttpStatusCode.NoContent, retried.StatusCode);
        Assert.Equal("after waiting", emulator.FindUser(DemoTenant.Users.Adele)!.DisplayName);
    }

    [Fact]
    public async Task Get_Succeeds_ReportsResourceUnitsWithDocumentedCosts()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        using var list = await http.GetAsync("v1.0/users");
        using var listSelect = await http.GetAsync("v1.0/users?$select=id");
        using var listSelectTop = await http.GetAsync("v1.0/users?$select=id&$top=5");
        using var one = await http.GetAsync($"v1.0/users/{DemoTenant.Users.Adele}");

        Assert.Equal(["2", "1", "1", "1"], new[] { list, listSelect, listSelectTop, one }.Select(r => r.Headers.GetValues("x-ms-resource-unit").Single()));
    }

    [Fact]
    public async Task Get_NearTheLimit_LowPriorityThrottledFirstHighLast()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Throttling = new ThrottleSettings(ResourceUnitLimit: 10, ResourceUnitWindowSeconds: 10_000);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(http, "normal")).StatusCode);
        }

        using var low = await Get(http, "low");          // 2 left: low must leave 20 % (2)
        using var normal = await Get(http, "normal");    // 1 left
        using var normal2 = await Get(http, "normal");   // 0 left
        using var normal3 = await Get(http, "normal");   // refused
        using var high = await Get(http, "high");        // may overdraw by 10 % (1)

        Assert.Equal(
            [HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK],
            new[] { low, normal, normal2, normal3, high }.Select(r => r.StatusCode));
        Assert.Equal("ResourceUnitLimitExceeded", low.Headers.GetValues("x-ms-throttle-information").Single());
        Assert.True(int.Parse(normal2.Headers.GetValues("x-ms-throttle-limit-percentage").Single(), System.Globalization.CultureInfo.InvariantCulture) > 80);
    }

    [Fact]
    public async Task Get_TimeScale_RefillsFasterAndShortensRetryAfter()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Throttling = new ThrottleSettings(ResourceUnitLimit: 2, ResourceUnitWindowSeconds: 100, TimeScale: 100);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        await Get(http, null);
        await Get(http, null);
        using var refused = await Get(http, null);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        using var later = await Get(http, null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(1, refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds); // 50 s of emulated time = 0.5 s, rounded up
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Throttling_Disabled_NeverRefuses()
    {
        await using var emulator = await EntraEmulatorHost.StartAsync();
        emulator.Throttling = new ThrottleSettings(Enabled: false, ResourceUnitLimit: 1);
        var http = GraphClients.Http(emulator, emulator.MintToken(DemoTenant.FunctionAppId));

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(http, null)).StatusCode);
        }
    }

    [Fact]
    public void TierLimit_TenantSizes_DocumentedLimits()
    {
        Assert.Equal((3500, 5000, 8000), (ThrottleSettings.TierLimit(49), ThrottleSettings.TierLimit(500), ThrottleSettings.TierLimit(501)));
    }

    private static Task<HttpResponseMessage> Patch(HttpClient http, string displayName) =>
        http.PatchAsync($"v1.0/users/{DemoTenant.Users.Adele}", new StringContent($"{{\"displayName\":\"{displayName}\"}}", Encoding.UTF8, "application/json"));

    private static Task<HttpResponseMessage> Get(HttpClient http, string? priority)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"v1.0/users/{DemoTenant.Users.Adele}");
        if (priority is not null)
        {
            request.Headers.Add("x-ms-throttle-priority", priority);
        }

        return http.SendAsync(request);
    }
}
