extern alias EntraEmulator;

using System.Net;
using ImmutableId.Api.Auth;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;
using SeedJson = EntraEmulator::ImmutableId.EntraEmulator.Seeding.SeedJson;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// An assess job sent without users: the API lists the tenant through the real Graph SDK (paged, against the
/// emulator) and assesses every cloud member user of the allowed domains with no immutable ID and not synced — those
/// with an AD counterpart planned, those without one or blocked by a guardrail refused with the code. Its own fixture:
/// the candidates depend on the tenant's state, which the other job suites change.
/// </summary>
public sealed class JobDiscoveryTests(ManualJobsFactory factory) : IClassFixture<ManualJobsFactory>
{
    private static readonly string[] AllowedDomains = ["contoso.com", "fabrikam.com"];

    [Fact]
    public async Task Assess_WithoutUsers_DiscoversTheCandidates_AndAssessesEachWithoutWriting()
    {
        await factory.ProcessAsync();
        var reader = factory.ClientWith("f0000000-0000-4000-8000-0000000000d1", AppRoles.Read);
        var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Count;
        var lists = Listings();

        var (id, _) = await SubmitAsync(reader, new { operation = "assess", ticket = "CHG-DISCOVER" });
        await factory.ProcessAsync();

        var items = await ItemsAsync(reader, id);
        var users = items.Select(i => i.GetProperty("user").GetString()!).ToList();
        var expected = SeedJson.Demo().Users!
            .Where(u => u.UserType != "Guest" && u.OnPremisesImmutableId is null && u.OnPremisesSyncEnabled != true
                && AllowedDomains.Any(d => u.UserPrincipalName.EndsWith("@" + d, StringComparison.OrdinalIgnoreCase)))
            .Select(u => u.UserPrincipalName)
            .Concat(Enumerable.Range(1, JobsTenant.Count).Where(n => n % 25 != 0).Select(JobsTenant.Upn));
        Assert.Equal(expected.Order(StringComparer.OrdinalIgnoreCase), users.Order(StringComparer.OrdinalIgnoreCase));
        Assert.Contains("pradeep.gupta@fabrikam.com", users);
        Assert.DoesNotContain("lee.gu@contoso.com", users);              // synced
        Assert.DoesNotContain("nestor.wilke@contoso.com", users);        // holds an immutable ID already
        Assert.DoesNotContain(JobsTenant.Upn(25), users);                 // idem (every 25th generated user)
        Assert.DoesNotContain(users, u => u.Contains("#EXT#", StringComparison.Ordinal)); // guest

        // The tenant (~310 users) was listed in one request of up to 999 (paging: GraphCloudUserCatalogTests).
        Assert.Equal(lists + 1, Listings());
        var byUser = items.ToDictionary(i => i.GetProperty("user").GetString()!, StringComparer.OrdinalIgnoreCase);
        foreach (var n in Enumerable.Range(1, JobsTenant.Count).Where(n => n % 25 != 0))
        {
            var (status, code) = JobsTenant.Expected(n);
            var item = byUser[JobsTenant.Upn(n)];
            Assert.Equal(status == "succeeded" ? "planned" : status, Status(item));
            if (code is not null)
            {
                Assert.Contains(code, Codes(item));
            }
        }

        Assert.Contains("FederatedDomain", Codes(byUser["pradeep.gupta@fabrikam.com"]));
        Assert.Equal(patches, factory.Emulator.RequestLog.WithMethod("PATCH").Count);
    }

    /// <summary>Tenant listings: round trips GET /users?$top=999 (the preflight's holder queries are $batch steps with a $filter).</summary>
    private int Listings() => factory.Emulator.RequestLog.WithMethod("GET")
        .Count(r => r.IsRoundTrip && r.Path == "/users" && r.Query.Contains("$top=999", StringComparison.Ordinal));

    [Theory]
    [InlineData("set")]
    [InlineData("clear")]
    public async Task SetOrClear_WithoutUsers_IsRefused_NothingQueued(string operation)
    {
        var client = factory.ClientWith("f0000000-0000-4000-8000-0000000000d2", AppRoles.Read, AppRoles.Write, AppRoles.Clear);

        var response = await client.PostAsync("/api/jobs", Json(new { operation }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ReadAsync(response);
        Assert.Equal("InvalidJobInput", problem.GetProperty("code").GetString());
        Assert.Contains("users is required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await factory.ProcessAsync());
    }
}
