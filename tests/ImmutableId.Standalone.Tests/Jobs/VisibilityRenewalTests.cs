extern alias EntraEmulator;

using ImmutableId.Api.Auth;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;
using FaultSettings = EntraEmulator::ImmutableId.EntraEmulator.Faults.FaultSettings;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// An item that runs several times longer than the visibility timeout (every Graph request slowed) keeps its message
/// and its claim: the worker renews both while it runs, so the item is not delivered again to a second attempt.
/// </summary>
public sealed class VisibilityRenewalTests(ShortVisibilityJobsFactory factory) : IClassFixture<ShortVisibilityJobsFactory>
{
    private const string Operator = "f0000000-0000-4000-8000-0000000000e1";
    private const int Latency = 2_500;

    [Fact]
    public async Task SlowItem_RunsPastTheVisibilityTimeout_OneAttemptOnePatch()
    {
        var client = factory.ClientWith(Operator, AppRoles.Read, AppRoles.Write);
        const int n = 1;
        Assert.Equal("succeeded", JobsTenant.Expected(n).Status);
        var cloudId = factory.Emulator.FindUser(JobsTenant.Upn(n))!.Id;
        var patchesBefore = factory.Emulator.RequestLog.WithMethod("PATCH").Count;
        var requestsBefore = factory.Emulator.RequestLog.Entries.Count;
        factory.Emulator.Faults = new FaultSettings(LatencyMs: Latency);
        try
        {
            var (id, _) = await SubmitAsync(client, new { operation = "set", users = new[] { JobsTenant.Upn(n) }, ticket = "CHG-SLOW" });
            var job = await WaitFinishedAsync(client, id, TimeSpan.FromMinutes(3));
            var item = Assert.Single(await ItemsAsync(client, id));

            // The premise: the item's Graph requests (one after another, each slowed) outlast the visibility timeout,
            // so an unrenewed message would have reappeared and its lapsed claim been taken over.
            var requests = factory.Emulator.RequestLog.Entries.Count - requestsBefore;
            Assert.True(requests * Latency > ShortVisibilityJobsFactory.VisibilityTimeoutSeconds * 1_000, $"only {requests} Graph request(s)");
            Assert.Equal("completed", job.GetProperty("state").GetString());
            Assert.True(Status(item) == "succeeded", item.GetRawText());
            Assert.True(item.GetProperty("attempts").GetInt32() == 1, item.GetRawText());
            var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Skip(patchesBefore).Count(p => p.Path.Contains(cloudId, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(1, patches);
        }
        finally
        {
            factory.Emulator.Faults = new FaultSettings();
        }
    }
}
