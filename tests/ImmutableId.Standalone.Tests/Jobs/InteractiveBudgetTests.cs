using System.Net;
using ImmutableId.Api.Auth;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// Interactive writes (PUT/DELETE) take from the same write budget as jobs: a job spends it only down to the
/// interactive reserve, so a help-desk PUT during the job writes at once; with the reserve spent too, the next one is
/// refused (503 Throttled, Retry-After) before anything reaches Graph, instead of pushing the app over the budget.
/// </summary>
public sealed class InteractiveBudgetTests(ReserveJobsFactory factory) : IClassFixture<ReserveJobsFactory>
{
    [Fact]
    public async Task InteractivePut_WhileAJobHoldsTheBudgetAtTheReserve_WritesAtOnce_TheNextIsRefusedWithRetryAfter()
    {
        // Users 1, 2 and 4 are writable (JobsTenant.Expected): three writes for a burst of 3 with 1 kept back.
        var jobUsers = new[] { 1, 2, 4 }.Select(JobsTenant.Upn).ToList();
        var jobs = factory.ClientWith("f0000000-0000-4000-8000-0000000000e1", AppRoles.Read, AppRoles.Write);
        var helpDesk = factory.ClientWith("f0000000-0000-4000-8000-0000000000e2", AppRoles.Read, AppRoles.Write);
        var (id, _) = await SubmitAsync(jobs, new { operation = "set", users = jobUsers, ticket = "CHG-RESERVE" });
        await WaitForPatchesAsync(2);

        var first = await helpDesk.PutAsync($"/api/users/{JobsTenant.Upn(5)}/immutable-id", Json(new { ticket = "INC-1" }));
        var firstBody = await first.Content.ReadAsStringAsync();
        var second = await helpDesk.PutAsync($"/api/users/{JobsTenant.Upn(6)}/immutable-id", Json(new { ticket = "INC-2" }));
        var secondBody = await ReadAsync(second);
        var jobPatches = jobUsers.Sum(PatchCount);

        // The job took two writes and stopped at the reserve; the help-desk PUT took the reserve without waiting.
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        Assert.Equal(2, jobPatches);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("Throttled", secondBody.GetProperty("code").GetString());
        Assert.Contains("write budget", secondBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(secondBody.GetProperty("written").GetBoolean());
        Assert.InRange(second.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, ReserveJobsFactory.WindowSeconds);
        Assert.Equal(0, PatchCount(JobsTenant.Upn(6)));

        // The job then finishes at the budget's pace: one PATCH per user, none beyond the budget's count.
        var finished = await WaitFinishedAsync(jobs, id, TimeSpan.FromMinutes(3));
        Assert.Equal("completed", finished.GetProperty("state").GetString());
        Assert.All(jobUsers.Append(JobsTenant.Upn(5)), upn => Assert.Equal(1, PatchCount(upn)));
        var patches = factory.Emulator.RequestLog.WithMethod("PATCH");
        var span = (patches[^1].Timestamp - patches[0].Timestamp).TotalSeconds;
        Assert.True(patches.Count <= ReserveJobsFactory.Burst + (span / ReserveJobsFactory.WindowSeconds),
            $"{patches.Count} PATCHes in {span:0.0} s exceed the budget (burst {ReserveJobsFactory.Burst}, 1 per {ReserveJobsFactory.WindowSeconds} s).");
        Assert.All(patches, p => Assert.NotEqual(429, p.Status));
    }

    private int PatchCount(string upn)
    {
        var cloudId = factory.Emulator.FindUser(upn)!.Id;
        return factory.Emulator.RequestLog.WithMethod("PATCH").Count(p => p.Path.Contains(cloudId, StringComparison.OrdinalIgnoreCase));
    }

    private async Task WaitForPatchesAsync(int count)
    {
        for (var attempt = 0; attempt < 1200 && factory.Emulator.RequestLog.WithMethod("PATCH").Count < count; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(count, factory.Emulator.RequestLog.WithMethod("PATCH").Count);
    }
}
