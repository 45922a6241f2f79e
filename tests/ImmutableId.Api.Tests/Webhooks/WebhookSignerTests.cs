using System.Security.Cryptography;
using System.Text;
using ImmutableId.Core.Webhooks;

namespace ImmutableId.Api.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks specification's published test vector (standard-webhooks/standard-webhooks, also in Svix's libraries).
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Sign_StandardWebhooksTestVector_ReproducesTheSpecsSignature()
    {
        Assert.Equal(VectorSignature, WebhookSigner.Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody));
    }

    [Fact]
    public void Sign_AnyMessage_EqualsAnIndependentHmacOverIdTimestampBody()
    {
        var secret = WebhookSigner.NewSecret();
        const string body = """{"type":"job.ended","data":{"ticket":"CHG+1/é"}}""";

        var signature = WebhookSigner.Sign(secret, "msg_1", 1700000000, body);

        using var hmac = new HMACSHA256(System.Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = "v1," + System.Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes("msg_1.1700000000." + body)));
        Assert.Equal(expected, signature);
        Assert.NotEqual(signature, WebhookSigner.Sign(secret, "msg_1", 1700000001, body));
        Assert.NotEqual(signature, WebhookSigner.Sign(secret, "msg_2", 1700000000, body));
        Assert.NotEqual(signature, WebhookSigner.Sign(WebhookSigner.NewSecret(), "msg_1", 1700000000, body));
    }

    [Fact]
    public void NewSecret_IsWhsecAndBase64Of32RandomBytes()
    {
        var first = WebhookSigner.NewSecret();

        Assert.StartsWith("whsec_", first, StringComparison.Ordinal);
        Assert.Equal(32, System.Convert.FromBase64String(first[6..]).Length);
        Assert.NotEqual(first, WebhookSigner.NewSecret());
    }

    [Fact]
    public void MessageId_SameSubscriptionJobAndEvent_SameId_OtherwiseDifferent()
    {
        var subscription = Guid.CreateVersion7();
        var job = Guid.CreateVersion7();

        var id = WebhookDelivery.MessageId(subscription, job, WebhookEvents.JobEnded);

        Assert.Matches("^msg_[0-9a-f]{32}$", id);
        Assert.Equal(id, WebhookDelivery.MessageId(subscription, job, WebhookEvents.JobEnded));
        Assert.NotEqual(id, WebhookDelivery.MessageId(Guid.CreateVersion7(), job, WebhookEvents.JobEnded));
        Assert.NotEqual(id, WebhookDelivery.MessageId(subscription, Guid.CreateVersion7(), WebhookEvents.JobEnded));
    }

    [Fact]
    public void RetrySchedule_Default_SixAttemptsOverAboutAnHour()
    {
        var schedule = WebhookRetrySchedule.Default;

        var waits = Enumerable.Range(1, 5).Select(n => schedule.After(n)!.Value).ToList();

        Assert.Equal([10, 40, 160, 640, 2560], waits.Select(w => w.TotalSeconds));
        Assert.Null(schedule.After(6));
        Assert.InRange(waits.Sum(w => w.TotalMinutes), 50, 70);
    }
}
