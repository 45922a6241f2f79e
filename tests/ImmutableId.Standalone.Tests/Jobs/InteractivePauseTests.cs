using System.Net;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>A 429 pause stored by any writer holds interactive writes too: a PUT during it is refused with the pause's Retry-After.</summary>
public sealed class InteractivePauseTests(ReserveJobsFactory factory) : IClassFixture<ReserveJobsFactory>
{
    [Fact]
    public async Task InteractivePut_DuringAStoredThrottlePause_RefusedWithItsRetryAfter_NothingSentToGraph()
    {
        var budget = factory.Services.GetRequiredService<IWriteBudget>();
        await budget.PauseUntilAsync(DateTimeOffset.UtcNow.AddSeconds(90));
        var helpDesk = factory.ClientWith("f0000000-0000-4000-8000-0000000000e3", AppRoles.Read, AppRoles.Write);

        var response = await helpDesk.PutAsync($"/api/users/{JobsTenant.Upn(8)}/immutable-id", Json(new { ticket = "INC-3" }));
        var body = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Throttled", body.GetProperty("code").GetString());
        Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 60, 90);
        Assert.Empty(factory.Emulator.RequestLog.WithMethod("PATCH"));
    }
}
