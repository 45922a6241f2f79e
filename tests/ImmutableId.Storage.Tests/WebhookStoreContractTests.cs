using ImmutableId.Core.Audit;
using ImmutableId.Core.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// The contract of the webhook store (subscriptions and the delivery outbox): one suite, run against SQLite
/// (<see cref="SqliteWebhookStoreContractTests"/>) and Azure Tables on Azurite (<see cref="AzureTablesWebhookStoreContractTests"/>).
/// Each test gets a fresh, empty store; <see cref="ReopenAsync"/> builds a second store over the same storage, as a restarted host does.
/// </summary>
public abstract class WebhookStoreContractTests() : StoreTestBase(Start)
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly AuditCaller Alice = new("app-a", "oid-a", "app-a", AppOnly: true, "tenant");
    private static readonly AuditCaller Bob = new("app-b", "oid-b", "app-b", AppOnly: true, "tenant");

    private readonly List<StoreUnderTest> _reopened = [];

    private IWebhookStore Webhooks => Store.Services.GetService(typeof(IWebhookStore)) as IWebhookStore ?? throw new InvalidOperationException("No webhook store.");

    /// <summary>A second store over the same storage (a restarted host).</summary>
    protected async Task<IWebhookStore> ReopenAsync()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(Start));
        _reopened.Add(store);
        return (IWebhookStore)store.Services.GetService(typeof(IWebhookStore))!;
    }

    public override async Task DisposeAsync()
    {
        foreach (var store in _reopened)
        {
            await store.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task CreateSubscription_ThenGet_RoundTrips()
    {
        var subscription = NewSubscription(Alice, jobId: Guid.CreateVersion7());

        await Webhooks.CreateSubscriptionAsync(subscription);
        var read = await Webhooks.GetSubscriptionAsync(subscription.Id);

        Assert.NotNull(read);
        Assert.Equal(subscription.Url, read!.Url);
        Assert.Equal(subscription.Events, read.Events);
        Assert.Equal(subscription.JobId, read.JobId);
        Assert.Equal(subscription.Secret, read.Secret);
        Assert.Equal(subscription.ApiBaseUrl, read.ApiBaseUrl);
        Assert.Equal(subscription.CreatedAt, read.CreatedAt);
        Assert.Equal(Alice.ScopeKey, read.Owner.ScopeKey);
        Assert.Null(await Webhooks.GetSubscriptionAsync(Guid.CreateVersion7()));
    }

    [Fact]
    public async Task CreateSubscription_SameIdTwice_Throws()
    {
        var subscription = NewSubscription(Alice);
        await Webhooks.CreateSubscriptionAsync(subscription);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Webhooks.CreateSubscriptionAsync(subscription));
    }

    [Fact]
    public async Task ListSubscriptions_ByOwnerOrAll_OldestFirst()
    {
        var first = NewSubscription(Alice);
        var second = NewSubscription(Bob, createdAt: Start.AddSeconds(1));
        var third = NewSubscription(Alice, createdAt: Start.AddSeconds(2));
        foreach (var s in new[] { third, first, second })
        {
            await Webhooks.CreateSubscriptionAsync(s);
        }

        Assert.Equal([first.Id, third.Id], (await Webhooks.ListSubscriptionsAsync(Alice.ScopeKey)).Select(s => s.Id));
        Assert.Equal([first.Id, second.Id, third.Id], (await Webhooks.ListSubscriptionsAsync(null)).Select(s => s.Id));
    }

    [Fact]
    public async Task DeleteSubscription_Existing_TrueThenGone_SecondDeleteFalse()
    {
        var subscription = NewSubscription(Alice);
        await Webhooks.CreateSubscriptionAsync(subscription);

        Assert.True(await Webhooks.DeleteSubscriptionAsync(subscription.Id));
        Assert.Null(await Webhooks.GetSubscriptionAsync(subscription.Id));
        Assert.False(await Webhooks.DeleteSubscriptionAsync(subscription.Id));
    }

    [Fact]
    public async Task TryAddDelivery_SameIdTwice_StoresOnce()
    {
        var delivery = NewDelivery(Guid.CreateVersion7(), Start);

        Assert.True(await Webhooks.TryAddDeliveryAsync(delivery));
        Assert.False(await Webhooks.TryAddDeliveryAsync(delivery with { Payload = "{\"other\":true}" }));

        var read = await Webhooks.GetDeliveryAsync(delivery.Id);
        Assert.Equal(delivery.Payload, read!.Payload);
        Assert.Equal(WebhookDeliveryState.Pending, read.State);
        Assert.Empty(read.Attempts);
        Assert.Null(await Webhooks.GetDeliveryAsync("msg_unknown"));
    }

    [Fact]
    public async Task ListDue_OnlyPendingAndDue_OldestDueFirst()
    {
        var subscription = Guid.CreateVersion7();
        var later = NewDelivery(subscription, Start.AddMinutes(5));
        var due = NewDelivery(subscription, Start.AddSeconds(-10));
        var dueFirst = NewDelivery(subscription, Start.AddSeconds(-20));
        var delivered = NewDelivery(subscription, Start.AddSeconds(-30)) with { State = WebhookDeliveryState.Delivered };
        foreach (var d in new[] { later, due, dueFirst, delivered })
        {
            await Webhooks.TryAddDeliveryAsync(d);
        }

        Assert.Equal([dueFirst.Id, due.Id], (await Webhooks.ListDueAsync(Start, 10)).Select(d => d.Id));
        Assert.Equal([dueFirst.Id], (await Webhooks.ListDueAsync(Start, 1)).Select(d => d.Id));
        Assert.Equal(3, (await Webhooks.ListDueAsync(Start.AddMinutes(5), 10)).Count);
    }

    [Fact]
    public async Task TryClaim_TwoWorkers_OnlyOneWins_UntilTheClaimLapses()
    {
        var delivery = NewDelivery(Guid.CreateVersion7(), Start);
        await Webhooks.TryAddDeliveryAsync(delivery);
        var other = await ReopenAsync();

        var first = await Webhooks.TryClaimAsync(delivery.Id, Start, Start.AddSeconds(30));
        var second = await other.TryClaimAsync(delivery.Id, Start.AddSeconds(1), Start.AddSeconds(31));

        Assert.Equal(delivery.Id, first?.Id);
        Assert.Null(second);
        Assert.Empty(await other.ListDueAsync(Start.AddSeconds(29), 10));

        // The first worker died: once its claim lapsed, another takes the delivery over.
        Assert.NotNull(await other.TryClaimAsync(delivery.Id, Start.AddSeconds(30), Start.AddSeconds(60)));
    }

    [Fact]
    public async Task TryClaim_NotDueOrNotPending_Null()
    {
        var notDue = NewDelivery(Guid.CreateVersion7(), Start.AddMinutes(1));
        var failed = NewDelivery(Guid.CreateVersion7(), Start) with { State = WebhookDeliveryState.Failed };
        await Webhooks.TryAddDeliveryAsync(notDue);
        await Webhooks.TryAddDeliveryAsync(failed);

        Assert.Null(await Webhooks.TryClaimAsync(notDue.Id, Start, Start.AddSeconds(30)));
        Assert.Null(await Webhooks.TryClaimAsync(failed.Id, Start, Start.AddSeconds(30)));
        Assert.Null(await Webhooks.TryClaimAsync("msg_unknown", Start, Start.AddSeconds(30)));
    }

    [Fact]
    public async Task Save_AfterAnAttempt_RecordsItAndEndsTheClaim()
    {
        var delivery = NewDelivery(Guid.CreateVersion7(), Start);
        await Webhooks.TryAddDeliveryAsync(delivery);
        var claimed = await Webhooks.TryClaimAsync(delivery.Id, Start, Start.AddMinutes(10));

        var retry = claimed! with
        {
            Attempts = [new WebhookAttempt(Start, 503, "HTTP 503")],
            NextAttemptAt = Start.AddSeconds(10),
        };
        await Webhooks.SaveAsync(retry);

        var read = await Webhooks.GetDeliveryAsync(delivery.Id);
        Assert.Equal(WebhookDeliveryState.Pending, read!.State);
        Assert.Equal(Start.AddSeconds(10), read.NextAttemptAt);
        Assert.Equal([new WebhookAttempt(Start, 503, "HTTP 503")], read.Attempts);
        Assert.Empty(await Webhooks.ListDueAsync(Start.AddSeconds(9), 10));
        // The claim ended with the save: due again at the next attempt, not only after the claim's end.
        Assert.NotNull(await Webhooks.TryClaimAsync(delivery.Id, Start.AddSeconds(10), Start.AddSeconds(40)));

        await Webhooks.SaveAsync(retry with { State = WebhookDeliveryState.Delivered, Attempts = [.. retry.Attempts, new WebhookAttempt(Start.AddSeconds(10), 204, null)] });
        Assert.Empty(await Webhooks.ListDueAsync(Start.AddHours(1), 10));
        Assert.Equal(2, (await Webhooks.GetDeliveryAsync(delivery.Id))!.Attempts.Count);
    }

    [Fact]
    public async Task ListDeliveries_OneSubscriptions_NewestFirst_AtMostMax()
    {
        var subscription = Guid.CreateVersion7();
        var old = NewDelivery(subscription, Start, createdAt: Start);
        var recent = NewDelivery(subscription, Start, createdAt: Start.AddSeconds(5));
        var others = NewDelivery(Guid.CreateVersion7(), Start, createdAt: Start.AddSeconds(9));
        foreach (var d in new[] { old, recent, others })
        {
            await Webhooks.TryAddDeliveryAsync(d);
        }

        Assert.Equal([recent.Id, old.Id], (await Webhooks.ListDeliveriesAsync(subscription, 10)).Select(d => d.Id));
        Assert.Equal([recent.Id], (await Webhooks.ListDeliveriesAsync(subscription, 1)).Select(d => d.Id));
    }

    [Fact]
    public async Task Restart_SubscriptionsAndPendingDeliveries_SurviveInTheStorage()
    {
        var subscription = NewSubscription(Alice);
        await Webhooks.CreateSubscriptionAsync(subscription);
        var delivery = NewDelivery(subscription.Id, Start);
        await Webhooks.TryAddDeliveryAsync(delivery);
        var claimed = await Webhooks.TryClaimAsync(delivery.Id, Start, Start.AddSeconds(30));
        await Webhooks.SaveAsync(claimed! with { Attempts = [new WebhookAttempt(Start, null, "Connection failed (ConnectionError)")], NextAttemptAt = Start.AddSeconds(10) });

        var restarted = await ReopenAsync();

        Assert.Equal(subscription.Secret, (await restarted.GetSubscriptionAsync(subscription.Id))!.Secret);
        var due = Assert.Single(await restarted.ListDueAsync(Start.AddSeconds(10), 10));
        Assert.Equal(delivery.Id, due.Id);
        Assert.Single(due.Attempts);
    }

    private static WebhookSubscription NewSubscription(AuditCaller owner, Guid? jobId = null, DateTimeOffset? createdAt = null) => new(
        Guid.CreateVersion7(),
        owner,
        new Uri("https://hooks.example.com/jobs?sig=a+b/c="),
        [WebhookEvents.JobEnded],
        jobId,
        WebhookSigner.NewSecret(),
        "https://api.example.com",
        createdAt ?? Start);

    private static WebhookDelivery NewDelivery(Guid subscriptionId, DateTimeOffset next, DateTimeOffset? createdAt = null)
    {
        var jobId = Guid.CreateVersion7();
        return new WebhookDelivery(
            WebhookDelivery.MessageId(subscriptionId, jobId, WebhookEvents.JobEnded),
            subscriptionId,
            jobId,
            WebhookEvents.JobEnded,
            $"{{\"type\":\"job.ended\",\"data\":{{\"id\":\"{jobId}\"}}}}",
            WebhookDeliveryState.Pending,
            createdAt ?? Start,
            next,
            []);
    }
}
