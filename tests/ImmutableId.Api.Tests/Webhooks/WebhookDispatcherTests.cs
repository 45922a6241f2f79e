using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Webhooks;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Webhooks;
using ImmutableId.Storage;
using ImmutableId.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace ImmutableId.Api.Tests.Webhooks;

/// <summary>
/// The delivery pass over a real SQLite store and a real HTTP receiver on 127.0.0.1 (the test switch allows loopback
/// over http): recording ended jobs, signing, retries with backoff under the same webhook-id, giving up, abandonment,
/// the owner rule, the address check at delivery time, and a restart that delivers what the stopped worker left pending.
/// </summary>
public sealed class WebhookDispatcherTests : IAsyncLifetime
{
    private static readonly AuditCaller Alice = new("app-a", "oid-a", "app-a", AppOnly: true, "tenant");
    private static readonly AuditCaller Bob = new("app-b", "oid-b", "app-b", AppOnly: true, "tenant");

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-webhooks-" + Guid.NewGuid().ToString("N"));
    private readonly string _prefix = "H" + Guid.NewGuid().ToString("N")[..16];
    private bool _usedTables;
    private readonly List<ServiceProvider> _hosts = [];
    private readonly FixedResolver _resolver = new();
    private readonly CapturedLogs _logs = new();
    private TestWebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await TestWebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await _receiver.DisposeAsync();
        if (_usedTables)
        {
            var service = new Azure.Data.Tables.TableServiceClient(TestServers.AzuriteTableConnectionString);
            foreach (var table in new[] { "Jobs", "JobItems", "WebhookSubscriptions", "WebhookDeliveries" })
            {
                await service.DeleteTableAsync(_prefix + table);
            }
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task RunOnce_JobEnded_SignedStandardWebhookWithTheJob()
    {
        var host = Host();
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hooks/jobs?sig=a%2Bb");
        var job = await EndedJobAsync(host, Alice);

        await host.GetRequiredService<WebhookDispatcher>().RunOnceAsync();

        var received = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Equal("/hooks/jobs?sig=a%2Bb", received.Path);
        Assert.StartsWith("application/json", received.Headers["content-type"], StringComparison.Ordinal);
        var id = received.Headers["webhook-id"];
        var timestamp = received.Headers["webhook-timestamp"];
        Assert.Equal(WebhookDelivery.MessageId(subscription.Id, job.Id, WebhookEvents.JobEnded), id);
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        Assert.Equal(Verify(subscription.Secret, id, timestamp, received.Body), received.Headers["webhook-signature"]);

        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("job.ended", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(job.Id, data.GetProperty("id").GetGuid());
        Assert.Equal("cancelled", data.GetProperty("state").GetString());
        Assert.Equal(2, data.GetProperty("total").GetInt32());
        Assert.Equal(2, data.GetProperty("counts").GetProperty("cancelled").GetInt32());
        Assert.Equal($"https://api.example.com/api/jobs/{job.Id:D}", data.GetProperty("links").GetProperty("self").GetString());

        var delivery = await Store(host).GetDeliveryAsync(id);
        Assert.Equal(WebhookDeliveryState.Delivered, delivery!.State);
        Assert.Equal(204, Assert.Single(delivery.Attempts).StatusCode);

        // Later passes neither record nor send it again.
        await host.GetRequiredService<WebhookDispatcher>().RunOnceAsync();
        Assert.Single(_receiver.Received);
        Assert.Single(await Store(host).ListDeliveriesAsync(subscription.Id, 10));
    }

    [Fact]
    public async Task RunOnce_ReceiverFailsThenAccepts_RetriedWithBackoffUnderTheSameId()
    {
        var host = Host();
        await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook");
        await EndedJobAsync(host, Alice);
        _receiver.Answers.Enqueue(503);
        _receiver.Answers.Enqueue(500);
        var dispatcher = host.GetRequiredService<WebhookDispatcher>();

        var received = await PassUntilAsync(dispatcher, () => _receiver.Received.Count >= 3);

        Assert.Equal([503, 500, 204], received.Select(r => r.AnsweredStatus));
        Assert.Single(received.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Single(received.Select(r => r.Body).Distinct());
        var delivery = await Store(host).GetDeliveryAsync(received[0].Headers["webhook-id"]);
        Assert.Equal(WebhookDeliveryState.Delivered, delivery!.State);
        Assert.Equal([503, 500, 204], delivery.Attempts.Select(a => a.StatusCode));
        Assert.Equal("HTTP 503", delivery.Attempts[0].Error);
        // Exponential backoff: the second wait is at least twice the first (0.2 s, then 0.4 s).
        var firstWait = delivery.Attempts[1].At - delivery.Attempts[0].At;
        var secondWait = delivery.Attempts[2].At - delivery.Attempts[1].At;
        Assert.True(firstWait >= TimeSpan.FromSeconds(0.2), firstWait.ToString());
        Assert.True(secondWait >= TimeSpan.FromSeconds(0.4), secondWait.ToString());
    }

    [Fact]
    public async Task RunOnce_ReceiverAlwaysFails_GivesUpAfterTheLastAttempt()
    {
        var host = Host();
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook");
        await EndedJobAsync(host, Alice);
        for (var i = 0; i < 5; i++)
        {
            _receiver.Answers.Enqueue(500);
        }

        var dispatcher = host.GetRequiredService<WebhookDispatcher>();
        await PassUntilAsync(dispatcher, async () => (await Store(host).ListDeliveriesAsync(subscription.Id, 1)).FirstOrDefault()?.State == WebhookDeliveryState.Failed);

        var delivery = (await Store(host).ListDeliveriesAsync(subscription.Id, 1)).Single();
        Assert.Equal(3, delivery.Attempts.Count);   // Webhooks:MaxAttempts
        await dispatcher.RunOnceAsync();
        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task RunOnce_FailedAndDeliveredAttempts_LogsNeverHoldTheSecretTheQueryOrTheBody()
    {
        var host = Host();
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook?sig=QUERYSECRET");
        await EndedJobAsync(host, Alice);
        _receiver.Answers.Enqueue(500);

        var received = await PassUntilAsync(host.GetRequiredService<WebhookDispatcher>(), () => _receiver.Received.Count >= 2);

        Assert.NotEmpty(_logs.Messages);
        Assert.Contains(_logs.Messages, m => m.Contains(received[0].Headers["webhook-id"], StringComparison.Ordinal));
        Assert.All(_logs.Messages, m =>
        {
            Assert.DoesNotContain(subscription.Secret, m, StringComparison.Ordinal);
            Assert.DoesNotContain(subscription.Secret["whsec_".Length..], m, StringComparison.Ordinal);
            Assert.DoesNotContain("QUERYSECRET", m, StringComparison.Ordinal);
            Assert.DoesNotContain(received[0].Headers["webhook-signature"], m, StringComparison.Ordinal);
            Assert.DoesNotContain("CHG0042", m, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RunOnce_410Gone_NoFurtherAttempt()
    {
        var host = Host();
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook");
        await EndedJobAsync(host, Alice);
        _receiver.Answers.Enqueue(410);

        await host.GetRequiredService<WebhookDispatcher>().RunOnceAsync();

        var delivery = (await Store(host).ListDeliveriesAsync(subscription.Id, 1)).Single();
        Assert.Equal(WebhookDeliveryState.Failed, delivery.State);
        Assert.Equal(410, Assert.Single(delivery.Attempts).StatusCode);
    }

    [Fact]
    public async Task RunOnce_OtherOwnersJobsAndJobsEndedBeforeSubscribing_NotAnnounced()
    {
        var host = Host();
        var before = await EndedJobAsync(host, Alice);
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook", createdAt: DateTimeOffset.UtcNow.AddSeconds(1));
        var bobs = await EndedJobAsync(host, Bob);
        var watchedBobs = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook", jobId: bobs.Id);

        await host.GetRequiredService<WebhookDispatcher>().RunOnceAsync();

        Assert.Empty(_receiver.Received);
        Assert.Empty(await Store(host).ListDeliveriesAsync(subscription.Id, 10));
        Assert.Empty(await Store(host).ListDeliveriesAsync(watchedBobs.Id, 10));
        Assert.NotNull(before);
    }

    [Fact]
    public async Task RunOnce_WatchedJobAlreadyEnded_AnnouncedOnce()
    {
        var host = Host();
        var job = await EndedJobAsync(host, Alice);
        var other = await EndedJobAsync(host, Alice);
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook", jobId: job.Id, createdAt: DateTimeOffset.UtcNow.AddMinutes(1));

        await host.GetRequiredService<WebhookDispatcher>().RunOnceAsync();

        var received = Assert.Single(await _receiver.WaitForAsync(1));
        Assert.Contains(job.Id.ToString(), received.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Id.ToString(), received.Body, StringComparison.Ordinal);
        Assert.Single(await Store(host).ListDeliveriesAsync(subscription.Id, 10));
    }

    [Fact]
    public async Task RunOnce_SubscriptionDeletedBeforeDelivery_Abandoned()
    {
        var host = Host();
        var subscription = await SubscribeAsync(host, Alice, _receiver.BaseUrl + "/hook");
        await EndedJobAsync(host, Alice);
        var dispatcher = host.GetRequiredService<WebhookDispatcher>();
        await dispatcher.RecordEndedJobsAsync();
        var delivery = (await Store(host).ListDeliveriesAsync(subscription.Id, 1)).Single();

        await Store(host).DeleteSubscriptionAsync(subscription.Id);
        await dispatcher.DeliverDueAsync();

        Assert.Empty(_receiver.Received);
        Assert.Equal(WebhookDeliveryState.Abandoned, (await Store(host).GetDeliveryAsync(delivery.Id))!.State);
    }

    [Fact]
    public async Task RunOnce_HostNowResolvesToAPrivateAddress_RefusedAtDeliveryWithoutConnecting()
    {
        // At subscription time the name resolved to loopback (allowed under the test switch); DNS now answers 10.0.0.1.
        _resolver["hooks.test"] = [IPAddress.Loopback];
        var host = Host();
        var subscription = await SubscribeAsync(host, Alice, $"http://hooks.test:{_receiver.Port}/hook");
        await EndedJobAsync(host, Alice);
        _resolver["hooks.test"] = [IPAddress.Parse("10.0.0.1")];

        await host.GetRequiredService<WebhookDispatcher>().RunOnceAsync();

        var delivery = (await Store(host).ListDeliveriesAsync(subscription.Id, 1)).Single();
        var attempt = Assert.Single(delivery.Attempts);
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith(WebhookProblemCodes.WebhookAddressForbidden, attempt.Error, StringComparison.Ordinal);
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Empty(_receiver.Received);

        // DNS answers loopback again: the retry goes through, to the checked address.
        _resolver["hooks.test"] = [IPAddress.Loopback];
        await PassUntilAsync(host.GetRequiredService<WebhookDispatcher>(), () => _receiver.Received.Count >= 1);
        Assert.Equal(delivery.Id, _receiver.Received[0].Headers["webhook-id"]);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("AzureTables")]
    public async Task Restart_PendingDeliveryOfAStoppedWorker_DeliveredByTheNextOne(string provider)
    {
        var port = _receiver.Port;
        await _receiver.DisposeAsync();   // the receiver is down: the first attempt fails
        var first = Host(provider);
        var subscription = await SubscribeAsync(first, Alice, $"http://127.0.0.1:{port}/hook");
        await EndedJobAsync(first, Alice);
        await first.GetRequiredService<WebhookDispatcher>().RunOnceAsync();
        var pending = (await Store(first).ListDeliveriesAsync(subscription.Id, 1)).Single();
        Assert.Equal(WebhookDeliveryState.Pending, pending.State);
        Assert.Null(Assert.Single(pending.Attempts).StatusCode);
        await first.DisposeAsync();
        _hosts.Remove(first);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        _receiver = await TestWebhookReceiver.StartAsync(port);
        var second = Host(provider);
        await PassUntilAsync(second.GetRequiredService<WebhookDispatcher>(), () => _receiver.Received.Count >= 1);

        var received = Assert.Single(_receiver.Received);
        Assert.Equal(pending.Id, received.Headers["webhook-id"]);
        Assert.Equal(Verify(subscription.Secret, pending.Id, received.Headers["webhook-timestamp"], received.Body), received.Headers["webhook-signature"]);
        var delivered = await Store(second).GetDeliveryAsync(pending.Id);
        Assert.Equal(WebhookDeliveryState.Delivered, delivered!.State);
        Assert.Equal(2, delivered.Attempts.Count);
    }

    // The Standard Webhooks signature recomputed here, independently of WebhookSigner.
    private static string Verify(string secret, string id, string timestamp, string body)
    {
        using var hmac = new HMACSHA256(System.Convert.FromBase64String(secret["whsec_".Length..]));
        return "v1," + System.Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    private ServiceProvider Host(string storage = "Sqlite")
    {
        _usedTables |= storage == "AzureTables";
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = storage,
            ["Storage:SqlitePath"] = Path.Combine(_directory, "webhooks.db"),
            ["Storage:TableConnectionString"] = storage == "AzureTables" ? TestServers.AzuriteTableConnectionString : null,
            ["Storage:TablePrefix"] = _prefix,
            ["Webhooks:AllowLoopbackForTests"] = "true",
            ["Webhooks:MaxAttempts"] = "3",
            ["Webhooks:FirstRetrySeconds"] = "0.2",
            ["Webhooks:BackoffFactor"] = "2",
            ["Webhooks:TimeoutSeconds"] = "5",
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = Environments.Development });
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddImmutableIdStorage();
        services.AddSingleton<IWebhookHostResolver>(new DelegatingResolver(_resolver));
        services.AddImmutableIdWebhooks(sandboxAllowed: true);
        var provider = services.BuildServiceProvider();
        _hosts.Add(provider);
        return provider;
    }

    private static IWebhookStore Store(IServiceProvider host) => host.GetRequiredService<IWebhookStore>();

    private static async Task<WebhookSubscription> SubscribeAsync(IServiceProvider host, AuditCaller owner, string url, Guid? jobId = null, DateTimeOffset? createdAt = null)
    {
        var subscription = new WebhookSubscription(Guid.CreateVersion7(), owner, new Uri(url), [WebhookEvents.JobEnded], jobId, WebhookSigner.NewSecret(),
            "https://api.example.com", createdAt ?? DateTimeOffset.UtcNow.AddSeconds(-1));
        await Store(host).CreateSubscriptionAsync(subscription);
        return subscription;
    }

    private static async Task<Job> EndedJobAsync(IServiceProvider host, AuditCaller owner)
    {
        var jobs = host.GetRequiredService<IJobStore>();
        var id = Guid.CreateVersion7();
        var job = new Job(id, JobOperation.Assess, true, AnchorSourcePreference.Auto, "CHG0042", null, owner, new JobScope([], []), JobState.Queued, 2, DateTimeOffset.UtcNow);
        await jobs.CreateAsync(job, [new JobItem(id, 0, "a@contoso.com", Codes: []), new JobItem(id, 1, "b@contoso.com", Codes: [])]);
        return (await jobs.CancelAsync(id, DateTimeOffset.UtcNow))!;
    }

    // Runs passes until the condition holds (a generous bound; the backoff in these settings is under a second).
    private async Task<IReadOnlyList<ReceivedWebhook>> PassUntilAsync(WebhookDispatcher dispatcher, Func<bool> done) =>
        await PassUntilAsync(dispatcher, () => Task.FromResult(done()));

    private async Task<IReadOnlyList<ReceivedWebhook>> PassUntilAsync(WebhookDispatcher dispatcher, Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, "The condition did not hold within 60 s.");
            await dispatcher.RunOnceAsync();
            await Task.Delay(50);
        }

        return _receiver.Received;
    }

    // Loopback and address literals resolve as the system does; names come from the test's resolver.
    private sealed class DelegatingResolver(FixedResolver names) : IWebhookHostResolver
    {
        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default) =>
            names.ResolveAsync(host, cancellationToken);
    }
}
