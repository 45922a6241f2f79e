using System.Net.Http.Headers;
using ImmutableId.Api.Auth;
using ImmutableId.Testing;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// The worker process is killed (SIGKILL) in the middle of a job; after a restart over the same SQLite store and
/// queue the job completes and every user got exactly one PATCH (counted in the emulator's request log). With the
/// default visibility timeout (short, renewed while an item runs) the items the dead worker held are taken over
/// within a minute: the job ends within 60 s of the kill plus the time its remaining users need at the write limit.
/// </summary>
public sealed class WorkerCrashTests(JobsFactory factory) : IClassFixture<JobsFactory>
{
    [Fact]
    public async Task WorkerKilledMidJob_RestartCompletesItWithinAMinute_ExactlyOnePatchPerWrittenUser()
    {
        var directory = Directory.CreateTempSubdirectory("immutableid-crash-").FullName;
        var settings = new Dictionary<string, string?>(factory.HostSettings)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(directory, "shared.db"),
            ["Telemetry:Exporter"] = "None",
            // Slow enough to kill it mid-job (40 writes/s); Jobs:VisibilityTimeoutSeconds at its default.
            ["Jobs:WritesPerWindow"] = "600",
            ["Jobs:WriteBurst"] = "5",
            ["Jobs:WorkerConcurrency"] = "4",
            ["Policy:LeaseWaitSeconds"] = "2",
        };
        foreach (var (key, value) in factory.Issuer.AuthSettings)
        {
            settings[key] = value;
        }

        var users = Enumerable.Range(1, JobsTenant.Count).Select(JobsTenant.Upn).ToList();
        var token = factory.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Read, AppRoles.Write], AppId = "f0000000-0000-4000-8000-0000000000d1" });
        var patchesBefore = factory.Emulator.RequestLog.WithMethod("PATCH").Count;
        int doneAtKill;
        DateTime killedAt;
        Guid id;
        string firstOutput;
        await using (var first = await StandaloneProcess.StartAsync(settings))
        {
            using var client = Client(first.BaseUrl, token);
            (id, _) = await SubmitAsync(client, new { operation = "set", users, ticket = "CHG-CRASH" });
            doneAtKill = await WaitDoneAsync(client, id, atLeast: 60);
            await first.KillAsync();
            killedAt = DateTime.UtcNow;
            firstOutput = first.Output;
        }

        // The goal: 60 s, plus the remaining users at the write limit (40/s; every one counted as a write).
        var deadline = killedAt + TimeSpan.FromSeconds(60 + ((users.Count - doneAtKill) / 40.0));
        await using var second = await StandaloneProcess.StartAsync(settings);
        using var again = Client(second.BaseUrl, token);
        var job = await WaitFinishedAsync(again, id, deadline - DateTime.UtcNow);

        Assert.True(doneAtKill < users.Count, "the first worker finished before it was killed: " + firstOutput);
        Assert.True(job.GetProperty("state").GetString() == "completed" && job.GetProperty("counts").GetProperty("failed").GetInt32() == 0,
            job.GetRawText() + Environment.NewLine + second.Output);
        var items = await ItemsAsync(again, id);
        var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Skip(patchesBefore).ToList();
        for (var n = 1; n <= JobsTenant.Count; n++)
        {
            var (status, _) = JobsTenant.Expected(n);
            var cloudId = factory.Emulator.FindUser(JobsTenant.Upn(n))!.Id;
            var count = patches.Count(p => p.Path.Contains(cloudId, StringComparison.OrdinalIgnoreCase));
            Assert.True((status == "succeeded" ? 1 : 0) == count, $"{JobsTenant.Upn(n)}: {count} PATCH(es), item {items[n - 1].GetRawText()}");
            Assert.Equal(status, Status(items[n - 1]));
        }

        Assert.Contains(items, i => i.GetProperty("attempts").GetInt32() > 1);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static HttpClient Client(string baseUrl, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<int> WaitDoneAsync(HttpClient client, Guid id, int atLeast)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            var job = await ReadAsync(await client.GetAsync($"/api/jobs/{id:D}"));
            var done = job.GetProperty("done").GetInt32();
            if (done >= atLeast)
            {
                return done;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The job never reached " + atLeast + " outcomes.");
    }
}
