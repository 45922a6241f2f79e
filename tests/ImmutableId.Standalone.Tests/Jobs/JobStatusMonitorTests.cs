using System.Net;
using ImmutableId.Api.Auth;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// Power Automate's asynchronous pattern over the jobs API: <c>POST /api/jobs</c> with <c>Prefer: respond-async</c>
/// answers 202 with the status monitor as Location; the monitor answers 202 (Location, Retry-After) while the job is
/// queued or running and 200 with the job once it ended; <c>GET /api/jobs/{id}</c> keeps answering 200 throughout.
/// Messages are processed by the suite (no hosted worker), so "still queued" is a state the test holds, not a race.
/// </summary>
public sealed class JobStatusMonitorTests(ManualJobsFactory factory) : IClassFixture<ManualJobsFactory>
{
    private const string Operator = "f0000000-0000-4000-8000-0000000000d1";
    private const string Other = "f0000000-0000-4000-8000-0000000000d2";

    [Fact]
    public async Task SubmitRespondAsync_StatusMonitor_202WhileQueuedThen200WithTheEndedJob()
    {
        await factory.ProcessAsync();
        var client = factory.ClientWith(Operator, AppRoles.Read, AppRoles.Write);
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/jobs")
        {
            Content = Json(new { operation = "assess", users = new[] { JobsTenant.Upn(201), JobsTenant.Upn(202), JobsTenant.Upn(203) } }),
        };
        submit.Headers.TryAddWithoutValidation("Prefer", "respond-async");

        var accepted = await client.SendAsync(submit);
        var job = await ReadAsync(accepted);
        var id = job.GetProperty("id").GetGuid();
        var monitor = accepted.Headers.Location;

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.NotNull(monitor);
        Assert.True(monitor!.IsAbsoluteUri, monitor.ToString());
        Assert.Equal($"/api/jobs/{id:D}/status", monitor.AbsolutePath);
        Assert.Equal("respond-async", accepted.Headers.GetValues("Preference-Applied").Single());
        Assert.Equal(TimeSpan.FromSeconds(10), accepted.Headers.RetryAfter?.Delta);

        // Queued: the monitor says wait (and points at itself); the job itself still answers 200, as before.
        var waiting = await client.GetAsync(monitor);
        Assert.Equal(HttpStatusCode.Accepted, waiting.StatusCode);
        Assert.Equal(monitor, waiting.Headers.Location);
        Assert.NotNull(waiting.Headers.RetryAfter?.Delta);
        Assert.Equal("queued", (await ReadAsync(waiting)).GetProperty("state").GetString());
        var plain = await client.GetAsync($"/api/jobs/{id:D}");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("queued", (await ReadAsync(plain)).GetProperty("state").GetString());

        await factory.ProcessAsync();

        var ended = await client.GetAsync(monitor);
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Null(ended.Headers.Location);
        var final = await ReadAsync(ended);
        Assert.Equal("completed", final.GetProperty("state").GetString());
        Assert.Equal(3, final.GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task SubmitWithoutPrefer_LocationIsTheJobAsBefore_NoRetryAfter()
    {
        var client = factory.ClientWith(Operator, AppRoles.Read);

        var response = await client.PostAsync("/api/jobs", Json(new { operation = "assess", users = new[] { JobsTenant.Upn(204) } }));
        var id = (await ReadAsync(response)).GetProperty("id").GetGuid();
        await factory.ProcessAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/jobs/{id:D}", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Preference-Applied"));
        Assert.Null(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task StatusMonitor_AnotherCallersJob_404JobNotFound()
    {
        var (id, _) = await SubmitAsync(factory.ClientWith(Operator, AppRoles.Read), new { operation = "assess", users = new[] { JobsTenant.Upn(205) } });
        await factory.ProcessAsync();

        var response = await factory.ClientWith(Other, AppRoles.Read).GetAsync($"/api/jobs/{id:D}/status");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("JobNotFound", (await ReadAsync(response)).GetProperty("code").GetString());
    }
}
