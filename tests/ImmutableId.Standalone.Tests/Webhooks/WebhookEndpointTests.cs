using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Tests.Jobs;
using ImmutableId.Testing;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Webhooks;

/// <summary>
/// Job completion you can subscribe to, end to end in the Standalone host: POST /api/webhooks, a bulk job run by the
/// hosted job worker, the hosted webhook worker's signed delivery to a real receiver on 127.0.0.1, the delivery record
/// on GET, DELETE, and every refusal of the callback URL with its problem code.
/// </summary>
public sealed class WebhookEndpointTests(WebhookJobsFactory factory) : IClassFixture<WebhookJobsFactory>, IAsyncLifetime
{
    private const string Operator = "f0000000-0000-4000-8000-0000000000e1";
    private const string Other = "f0000000-0000-4000-8000-0000000000e2";

    private TestWebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await TestWebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Subscribe_JobEnds_SignedDeliveryRecordedThenUnsubscribe()
    {
        var client = factory.ClientWith(Operator, AppRoles.Read);
        var other = factory.ClientWith(Other, AppRoles.Read);

        var created = await client.PostAsync("/api/webhooks", Json(new { url = _receiver.BaseUrl + "/flow?sig=x%2By", events = new[] { "job.ended" } }));
        var subscription = await ReadAsync(created);
        Assert.True(created.StatusCode == HttpStatusCode.Created, subscription.GetRawText());
        var location = created.Headers.Location!;
        var id = subscription.GetProperty("id").GetGuid();
        var secret = subscription.GetProperty("secret").GetString()!;
        Assert.True(location.IsAbsoluteUri);
        Assert.Equal($"/api/webhooks/{id:D}", location.AbsolutePath);
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(_receiver.BaseUrl + "/flow?…", subscription.GetProperty("url").GetString());

        // Another app's job ends first: never announced to this subscription.
        var (othersJob, _) = await SubmitAsync(other, new { operation = "assess", users = new[] { JobsTenant.Upn(311) } });
        await WaitFinishedAsync(other, othersJob);
        var (jobId, _) = await SubmitAsync(client, new { operation = "assess", users = new[] { JobsTenant.Upn(312), JobsTenant.Upn(313) } });

        var received = (await _receiver.WaitForAsync(1)).Single();
        Assert.Equal("/flow?sig=x%2By", received.Path);
        using (var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..])))
        {
            var expected = "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{received.Headers["webhook-id"]}.{received.Headers["webhook-timestamp"]}.{received.Body}")));
            Assert.Equal(expected, received.Headers["webhook-signature"]);
        }

        var payload = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("job.ended", payload.GetProperty("type").GetString());
        Assert.Equal(id, payload.GetProperty("subscriptionId").GetGuid());
        Assert.Equal(jobId, payload.GetProperty("data").GetProperty("id").GetGuid());
        Assert.Equal("completed", payload.GetProperty("data").GetProperty("state").GetString());
        Assert.Equal(2, payload.GetProperty("data").GetProperty("done").GetInt32());
        var self = new Uri(payload.GetProperty("data").GetProperty("links").GetProperty("self").GetString()!);
        Assert.Equal($"/api/jobs/{jobId:D}", self.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(self.PathAndQuery)).StatusCode);

        // The delivery record (no secret on GET), then unsubscribe through the Location.
        var read = await ReadUntilDeliveredAsync(client, location);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("secret").ValueKind);
        var delivery = read.GetProperty("deliveries").EnumerateArray().Single();
        Assert.Equal(received.Headers["webhook-id"], delivery.GetProperty("id").GetString());
        Assert.Equal(jobId, delivery.GetProperty("jobId").GetGuid());
        Assert.Equal(204, delivery.GetProperty("attempts").EnumerateArray().Single().GetProperty("statusCode").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(location)).StatusCode);
        Assert.Contains(id, (await ReadAsync(await client.GetAsync("/api/webhooks"))).GetProperty("value").EnumerateArray().Select(s => s.GetProperty("id").GetGuid()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location)).StatusCode);
        var gone = await client.GetAsync(location);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("WebhookNotFound", (await ReadAsync(gone)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook", "WebhookAddressForbidden")]
    [InlineData("https://192.168.1.10/hook", "WebhookAddressForbidden")]
    [InlineData("https://169.254.169.254/metadata/identity/oauth2/token", "WebhookAddressForbidden")]
    [InlineData("https://[fe80::1]/hook", "WebhookAddressForbidden")]
    [InlineData("https://[fd00::1]/hook", "WebhookAddressForbidden")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "WebhookAddressForbidden")]
    [InlineData("https://100.64.0.1/hook", "WebhookAddressForbidden")]
    [InlineData("https://0.0.0.0/hook", "WebhookAddressForbidden")]
    [InlineData("ftp://hooks.example.com/hook", "WebhookUrlNotHttps")]
    [InlineData("https://user:password@hooks.example.com/hook", "WebhookUrlInvalid")]
    [InlineData("/relative/hook", "WebhookUrlInvalid")]
    [InlineData("", "WebhookUrlInvalid")]
    public async Task Subscribe_RefusedUrl_400WithItsCode(string url, string code)
    {
        var client = factory.ClientWith(Operator, AppRoles.Read);

        var response = await client.PostAsync("/api/webhooks", Json(new { url }));

        var problem = await ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, problem.GetRawText());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_UnknownEvent_400WebhookEventUnknown()
    {
        var response = await factory.ClientWith(Operator, AppRoles.Read).PostAsync("/api/webhooks", Json(new { url = _receiver.BaseUrl, events = new[] { "job.started" } }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("WebhookEventUnknown", (await ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Subscribe_AnotherCallersJob_404JobNotFound()
    {
        var (othersJob, _) = await SubmitAsync(factory.ClientWith(Other, AppRoles.Read), new { operation = "assess", users = new[] { JobsTenant.Upn(314) } });

        var response = await factory.ClientWith(Operator, AppRoles.Read).PostAsync("/api/webhooks", Json(new { url = _receiver.BaseUrl, jobId = othersJob }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("JobNotFound", (await ReadAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task GetAndDelete_NotAGuid_400InvalidWebhookId_NoToken_401()
    {
        var client = factory.ClientWith(Operator, AppRoles.Read);

        var response = await client.GetAsync("/api/webhooks/not-a-guid");
        var anonymous = await factory.CreateClient().PostAsync("/api/webhooks", Json(new { url = _receiver.BaseUrl }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidWebhookId", (await ReadAsync(response)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static async Task<JsonElement> ReadUntilDeliveredAsync(HttpClient client, Uri location)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var read = await ReadAsync(await client.GetAsync(location));
            if (read.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("state").GetString() == "delivered"))
            {
                return read;
            }

            Assert.True(DateTime.UtcNow < until, "No delivery was recorded as delivered: " + read.GetRawText());
            await Task.Delay(100);
        }
    }
}
