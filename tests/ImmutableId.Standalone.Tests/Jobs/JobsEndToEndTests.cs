using System.Globalization;
using System.Net;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// Bulk jobs end to end: the Standalone host's hosted worker over the local durable queue, the real Graph adapter
/// against the emulator (Graph's throttling rules, time-scaled), an LDIF directory of a few hundred users.
/// </summary>
public sealed class JobsEndToEndTests(JobsFactory factory) : IClassFixture<JobsFactory>
{
    private const string Operator = "f0000000-0000-4000-8000-0000000000b1";
    private const string Other = "f0000000-0000-4000-8000-0000000000b2";

    [Fact]
    public async Task SetJob_FewHundredUsers_EveryOutcomeByCode_ItemsAndCsvMatchTheAudit()
    {
        var client = factory.ClientWith(Operator, AppRoles.Read, AppRoles.Write);
        string[] demo = ["lee.gu@contoso.com", "isaiah.langer@contoso.com", "nestor.wilke@contoso.com", "grady.archie@contoso.com"];
        var users = Enumerable.Range(1, JobsTenant.Count).Select(JobsTenant.Upn).Concat(demo).ToList();
        var patchesBefore = factory.Emulator.RequestLog.WithMethod("PATCH").Count;

        var (id, accepted) = await SubmitAsync(client, new { operation = "set", users, ticket = "CHG-BULK-1", reason = "Cloud Sync cutover" });
        var job = await WaitFinishedAsync(client, id);

        Assert.Equal("queued", accepted.GetProperty("state").GetString());
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(users.Count, job.GetProperty("total").GetInt32());
        Assert.Equal(users.Count, job.GetProperty("done").GetInt32());
        var items = await ItemsAsync(client, id);
        Assert.Equal(users, items.Select(i => i.GetProperty("user").GetString()));
        for (var n = 1; n <= JobsTenant.Count; n++)
        {
            var item = items[n - 1];
            var (status, code) = JobsTenant.Expected(n);
            Assert.True(status == Status(item), $"{JobsTenant.Upn(n)}: expected {status} {code}, got {item.GetRawText()}");
            if (code is not null)
            {
                Assert.Contains(code, Codes(item));
            }

            if (status == "succeeded")
            {
                var written = Convert.ToBase64String(JobsTenant.ObjectGuid(n).ToByteArray());
                Assert.Equal(written, item.GetProperty("anchor").GetString());
                Assert.Equal(written, factory.Emulator.FindUser(JobsTenant.Upn(n))!.OnPremisesImmutableId);
            }
        }

        Assert.Contains("CloudUserSynced", Codes(items[JobsTenant.Count]));
        Assert.Contains("PrivilegedTarget", Codes(items[JobsTenant.Count + 1]));
        Assert.Equal("noChange", Status(items[JobsTenant.Count + 2]));
        Assert.Contains("OnPremAccountDisabled", Codes(items[JobsTenant.Count + 3]));

        // Counts per outcome and per code agree with the items; nothing failed (no throttling got through the budget).
        var counts = job.GetProperty("counts");
        foreach (var group in items.GroupBy(Status))
        {
            Assert.Equal(group.Count(), counts.GetProperty(group.Key).GetInt32());
        }

        Assert.Equal(0, counts.GetProperty("failed").GetInt32());
        Assert.Equal(items.Count(i => Codes(i).Contains("OutOfScope")), job.GetProperty("codes").GetProperty("OutOfScope").GetInt32());

        // Exactly one PATCH per written user, each at low throttle priority; none for anyone else.
        var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Skip(patchesBefore).ToList();
        var succeeded = items.Where(i => Status(i) == "succeeded").ToList();
        Assert.Equal(succeeded.Count, patches.Count);
        Assert.Equal(succeeded.Count, patches.Select(p => p.Path).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(patches, p => Assert.Equal("low", p.Headers["x-ms-throttle-priority"]));
        Assert.All(patches, p => Assert.InRange(p.Status, 200, 299));

        // The filters, and the CSV report against the audit log: one record per user, carrying the job id and the ticket.
        var outOfScope = await ItemsAsync(client, id, "&outcome=refused&code=OutOfScope");
        Assert.Equal(Enumerable.Range(1, JobsTenant.Count).Where(n => n % 10 == 7).Select(JobsTenant.Upn), outOfScope.Select(i => i.GetProperty("user").GetString()));
        var csv = await client.GetAsync($"/api/jobs/{id:D}/items.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("index,user,status,codes,cloudId,onPremDistinguishedName,anchor,operationId,ticket,attempts,completedAt,detail", lines[0]);
        Assert.Equal(users.Count + 1, lines.Length);
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        foreach (var line in lines.Skip(1))
        {
            var cells = CsvCells(line);
            Assert.Equal(12, cells.Count);
            var item = items[int.Parse(cells[0], CultureInfo.InvariantCulture)];
            Assert.Equal(item.GetProperty("user").GetString(), cells[1]);
            Assert.Equal(Status(item), cells[2]);
            var record = await audit.GetAsync(Guid.Parse(cells[7]));
            Assert.NotNull(record);
            Assert.Equal(id, record!.JobId);
            Assert.Equal("CHG-BULK-1", record.Ticket);
            Assert.Equal(Status(item) switch
            {
                "succeeded" => AuditOutcome.Succeeded,
                "noChange" => AuditOutcome.NoChange,
                _ => AuditOutcome.Refused,
            }, record.Outcome);
            Assert.Equal(item.GetProperty("user").GetString(), record.Target.Requested);
            Assert.Equal(item.GetProperty("onPremDistinguishedName").GetString() ?? string.Empty, cells[5]);
            Assert.Equal(record.Target.OnPremDistinguishedName ?? string.Empty, cells[5]);
        }
    }

    // One CSV record (RFC 4180: quoted fields may hold commas and doubled quotes).
    private static List<string> CsvCells(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    [Fact]
    public async Task Submit_DuplicatesAndMalformedRows_RefusedUpFrontListingEveryRow_NothingQueued()
    {
        var client = factory.ClientWith(Other, AppRoles.Read, AppRoles.Write);
        var guid = "35918bc9-196d-40ea-9779-889d79b753f0";
        object[] users = ["adele.vance@contoso.com", "ADELE.VANCE@contoso.com", guid, "{" + guid.ToUpperInvariant() + "}", "not a user", 42, "alex.wilber@contoso.com"];

        var json = await client.PostAsync("/api/jobs", Json(new { operation = "set", users }));
        var csv = await client.PostAsync("/api/jobs?operation=set&ticket=CHG-9", Csv(
            "user,source,ticket\r\nadele.vance@contoso.com,auto,INC-1\r\nalex.wilber@contoso.com,sideways,\r\nmegan.o'brien@contoso.com,auto\r\nAdele.Vance@Contoso.com,,\r\n"));
        var noHeader = await client.PostAsync("/api/jobs?operation=set", Csv("adele.vance@contoso.com\r\n"));
        var tooMany = await client.PostAsync("/api/jobs", Json(new { operation = "set", users = Enumerable.Range(0, 50_001).Select(i => $"u{i}@contoso.com") }));

        var jsonProblem = await ReadAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("InvalidJobInput", jsonProblem.GetProperty("code").GetString());
        var errors = jsonProblem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal([(1, "DuplicateUser"), (3, "DuplicateUser"), (4, "InvalidUser"), (5, "MalformedRow")], errors);
        var csvErrors = (await ReadAsync(csv)).GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, csv.StatusCode);
        Assert.Equal([(3, "InvalidSource"), (4, "MalformedRow"), (5, "DuplicateUser")], csvErrors);
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        Assert.Equal("MalformedRow", (await ReadAsync(noHeader)).GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("TooManyUsers", (await ReadAsync(tooMany)).GetProperty("errors")[0].GetProperty("code").GetString());

        var unclosed = await client.PostAsync("/api/jobs?operation=set", Csv("user\r\n\"adele.vance@contoso.com\r\n"));
        Assert.Equal(HttpStatusCode.BadRequest, unclosed.StatusCode);
        Assert.Contains("never closed", (await ReadAsync(unclosed)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await ReadAsync(await client.GetAsync("/api/jobs"));
        Assert.Empty(listed.GetProperty("jobs").EnumerateArray());
    }

    [Fact]
    public async Task Jobs_RolesAndOwnership_EnforcedPerOperationAndCaller()
    {
        var reader = factory.ClientWith("f0000000-0000-4000-8000-0000000000b3", AppRoles.Read);
        var stranger = factory.ClientWith("f0000000-0000-4000-8000-0000000000b4", AppRoles.Read, AppRoles.Write, AppRoles.Clear);

        var set = await reader.PostAsync("/api/jobs", Json(new { operation = "set", users = new[] { "adele.vance@contoso.com" } }));
        var (id, _) = await SubmitAsync(reader, new { operation = "assess", users = new[] { "adele.vance@contoso.com", "lee.gu@contoso.com" } });
        var job = await WaitFinishedAsync(reader, id);

        Assert.Equal(HttpStatusCode.Forbidden, set.StatusCode);
        Assert.Equal("InsufficientRole", (await ReadAsync(set)).GetProperty("code").GetString());
        Assert.True(job.GetProperty("dryRun").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/jobs/{id:D}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/jobs/{id:D}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/jobs/{id:D}/items.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync("/api/jobs/not-a-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync($"/api/jobs/{id:D}")).StatusCode);
        var listed = await ReadAsync(await reader.GetAsync("/api/jobs"));
        Assert.Equal(id, listed.GetProperty("jobs")[0].GetProperty("id").GetGuid());
    }
}
