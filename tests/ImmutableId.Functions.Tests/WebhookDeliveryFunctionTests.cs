using System.Reflection;
using ImmutableId.Api.Webhooks;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Webhooks;
using ImmutableId.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Functions.Tests;

/// <summary>The timer function that delivers webhooks in Azure.</summary>
public sealed class WebhookDeliveryFunctionTests
{
    [Fact]
    public void WebhookDeliveryFunction_Trigger_EveryThirtySeconds()
    {
        var run = typeof(WebhookDeliveryFunction).GetMethod(nameof(WebhookDeliveryFunction.RunAsync))!;
        var trigger = run.GetParameters()[0].GetCustomAttribute<TimerTriggerAttribute>()!;

        Assert.Equal("WebhookDelivery", run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal("*/30 * * * * *", trigger.Schedule);
    }

    [Fact]
    public async Task WebhookDeliveryFunction_Run_RecordsTheEndedJobAndAttemptsIt()
    {
        // The callback is a private address: the pass records the event and its refused attempt without any traffic.
        var directory = Path.Combine(Path.GetTempPath(), "immutableid-fn-webhooks-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:SqlitePath"] = Path.Combine(directory, "f.db"),
        }).Build());
        services.AddLogging();
        services.AddImmutableIdStorage();
        services.AddImmutableIdWebhooks(sandboxAllowed: false);
        await using (var provider = services.BuildServiceProvider())
        {
            var owner = new AuditCaller("app", "sp", "Flow", true, "tenant");
            var jobs = provider.GetRequiredService<IJobStore>();
            var jobId = Guid.CreateVersion7();
            await jobs.CreateAsync(new Job(jobId, JobOperation.Assess, true, AnchorSourcePreference.Auto, null, null, owner, new JobScope([], []), JobState.Queued, 1, DateTimeOffset.UtcNow),
                [new JobItem(jobId, 0, "a@contoso.com", Codes: [])]);
            await jobs.CancelAsync(jobId, DateTimeOffset.UtcNow);
            var store = provider.GetRequiredService<IWebhookStore>();
            var subscription = new WebhookSubscription(Guid.CreateVersion7(), owner, new Uri("https://10.0.0.1/hook"), [WebhookEvents.JobEnded], jobId,
                WebhookSigner.NewSecret(), "https://func.example.com", DateTimeOffset.UtcNow);
            await store.CreateSubscriptionAsync(subscription);

            await new WebhookDeliveryFunction(provider.GetRequiredService<WebhookDispatcher>()).RunAsync(new TimerInfo(), CancellationToken.None);

            var delivery = Assert.Single(await store.ListDeliveriesAsync(subscription.Id, 10));
            Assert.Equal(jobId, delivery.JobId);
            Assert.StartsWith(Api.Webhooks.WebhookProblemCodes.WebhookAddressForbidden, Assert.Single(delivery.Attempts).Error, StringComparison.Ordinal);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
