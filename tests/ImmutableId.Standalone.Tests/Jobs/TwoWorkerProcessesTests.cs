extern alias EntraEmulator;

using System.Globalization;
using System.Net.Http.Headers;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ImmutableId.Api.Auth;
using ImmutableId.Testing;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;
using ThrottleSettings = EntraEmulator::ImmutableId.EntraEmulator.Throttling.ThrottleSettings;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// Two Standalone host processes share one Azure Storage queue and one Azure Tables store (Azurite): the distributed
/// case. Both run the job worker against one Entra emulator that throttles with Graph's rules at a small, fast write
/// limit; the app's write budget, stored once in Tables, is configured just under it on both hosts. Judged from the
/// emulator's request log: the writes never exceed the budget in any window, Graph never answered 429, every written
/// user got exactly one PATCH, no item failed, both processes took items, and the job completed.
/// </summary>
public sealed class TwoWorkerProcessesTests(JobsFactory factory) : IClassFixture<JobsFactory>
{
    // The hosts' budget: 10 writes per 2 s (5/s), burst 4 (2 kept for interactive writes). The emulator allows 12 per
    // 2 s (6/s): two processes each with a budget of their own would send 10/s and be throttled within seconds.
    private const int WritesPerWindow = 10;
    private const double WindowSeconds = 2;

    /// <summary>How much later than its token a PATCH may reach the emulator (HTTP transit on a busy machine).</summary>
    private const double Transit = 0.5;
    private const int Burst = 4;
    private const int Users = 200;

    [Fact]
    public async Task TwoWorkerProcesses_OneQueue_NeverExceedTheWriteBudget_NoItemThrottled_OnePatchPerUser()
    {
        var prefix = "J" + Guid.NewGuid().ToString("N")[..16];
        var queue = "jobs-" + Guid.NewGuid().ToString("N")[..16];
        var settings = new Dictionary<string, string?>(factory.HostSettings)
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:TableConnectionString"] = TestServers.AzuriteTableConnectionString,
            ["Storage:QueueConnectionString"] = TestServers.AzuriteQueueConnectionString,
            ["Storage:TablePrefix"] = prefix,
            ["Jobs:QueueName"] = queue,
            ["Jobs:WritesPerWindow"] = WritesPerWindow.ToString(CultureInfo.InvariantCulture),
            ["Jobs:WriteWindowSeconds"] = WindowSeconds.ToString(CultureInfo.InvariantCulture),
            ["Jobs:WriteBurst"] = Burst.ToString(CultureInfo.InvariantCulture),
            ["Jobs:WorkerConcurrency"] = "4",
            ["Telemetry:Exporter"] = "None",
            ["Logging:LogLevel:ImmutableId.Api.Jobs.JobQueueWorker"] = "Debug",
        };
        foreach (var (key, value) in factory.Issuer.AuthSettings)
        {
            settings[key] = value;
        }

        factory.Emulator.Throttling = new ThrottleSettings(WriteLimit: WritesPerWindow + 2, WriteWindowSeconds: WindowSeconds);
        var users = Enumerable.Range(1, Users).Select(JobsTenant.Upn).ToList();
        var token = factory.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Read, AppRoles.Write], AppId = "f0000000-0000-4000-8000-0000000000d2" });
        var before = factory.Emulator.RequestLog.Entries.Count;
        try
        {
            var hosts = await Task.WhenAll(StandaloneProcess.StartAsync(settings), StandaloneProcess.StartAsync(settings));
            await using var first = hosts[0];
            await using var second = hosts[1];
            using var client = Client(first.BaseUrl, token);
            var (id, _) = await SubmitAsync(client, new { operation = "set", users, ticket = "CHG-TWO-WORKERS" });

            var job = await WaitFinishedAsync(client, id, TimeSpan.FromMinutes(5));
            var items = await ItemsAsync(client, id);
            var log = factory.Emulator.RequestLog.Entries.Skip(before).ToList();
            var patches = log.Where(e => e.Method == "PATCH").ToList();

            Assert.True(job.GetProperty("state").GetString() == "completed", job.GetRawText());
            Assert.Equal(0, job.GetProperty("counts").GetProperty("failed").GetInt32());
            Assert.DoesNotContain(items, i => Codes(i).Contains("Throttled"));
            Assert.DoesNotContain(log, e => e.Status == 429);
            for (var n = 1; n <= Users; n++)
            {
                var (status, _) = JobsTenant.Expected(n);
                var cloudId = factory.Emulator.FindUser(JobsTenant.Upn(n))!.Id;
                var count = patches.Count(p => p.Path.Contains(cloudId, StringComparison.OrdinalIgnoreCase));
                Assert.True((status == "succeeded" ? 1 : 0) == count, $"{JobsTenant.Upn(n)}: {count} PATCH(es), item {items[n - 1].GetRawText()}");
                Assert.Equal(status, Status(items[n - 1]));
            }

            // The budget as configured: at most WritesPerWindow in any window of WindowSeconds, plus the burst. The budget
            // grants a token when the item takes it; the emulator stamps the PATCH when it arrives, a variable transit
            // later (a quiet run once saw 15), so the arrivals of a window come from grants over WindowSeconds + Transit.
            var allowed = (int)Math.Floor(WritesPerWindow * (WindowSeconds + Transit) / WindowSeconds) + Burst;
            var busiest = patches.Max(p => patches.Count(q => q.Timestamp >= p.Timestamp && (q.Timestamp - p.Timestamp).TotalSeconds < WindowSeconds));
            Assert.True(busiest <= allowed, $"{busiest} PATCHes within {WindowSeconds} s; the budget allows {WritesPerWindow} + a burst of {Burst}, {allowed} with {Transit} s of transit.");
            Assert.All(patches, p => Assert.Equal("low", p.Headers.GetValueOrDefault("x-ms-throttle-priority")));

            // Both processes took items from the one queue.
            Assert.True(ItemsRun(first.Output, id) > 0, "the first process ran no item: " + first.Output);
            Assert.True(ItemsRun(second.Output, id) > 0, "the second process ran no item: " + second.Output);
        }
        finally
        {
            var tables = new TableServiceClient(TestServers.AzuriteTableConnectionString);
            await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
            {
                await tables.DeleteTableAsync(table.Name);
            }

            await new QueueClient(TestServers.AzuriteQueueConnectionString, queue).DeleteIfExistsAsync();
        }
    }

    private static int ItemsRun(string output, Guid jobId) =>
        output.Split('\n').Count(line => line.Contains($"Job {jobId} item ", StringComparison.OrdinalIgnoreCase));

    private static HttpClient Client(string baseUrl, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
