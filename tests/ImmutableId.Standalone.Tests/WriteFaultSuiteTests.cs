extern alias EntraEmulator;

using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using FaultSettings = EntraEmulator::ImmutableId.EntraEmulator.Faults.FaultSettings;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// Hundreds of sets and clears through the host while the emulator answers 503/504, drops connections, forces 429
/// bursts and adds latency; clients retry with the same Idempotency-Key. The audit must agree with Entra exactly:
/// every succeeded record has a 2xx PATCH that carried its value, every 2xx PATCH has its succeeded record, nothing
/// is left pending, nothing answers 500, and every PATCH Graph received carried the value.
/// </summary>
public sealed class WriteFaultSuiteTests(WritePathFactory factory) : IClassFixture<WritePathFactory>
{
    private const int OperationsPerUser = 80;
    private static readonly string[] Users = ["adele.vance@contoso.com", "alex.wilber@contoso.com", "megan.o'brien@contoso.com", "zoe.muller@contoso.com"];

    [Fact]
    public async Task SetsAndClearsUnderGraphFaults_AuditAgreesWithEntra_NothingLostOrDoubled()
    {
        var emulator = factory.Emulator;
        emulator.Reset();
        var client = factory.CreateClientWithRoles(AppRoles.Read, AppRoles.Write, AppRoles.Clear);
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        emulator.Faults = new FaultSettings(LatencyMs: 1, LatencyJitterMs: 4, ErrorRate: 0.2, ErrorRetryAfterSeconds: 0, DropRate: 0.15, ThrottleRetryAfterSeconds: 0, RandomSeed: 11, DropAfterApplyRate: 0.1);
        var answers = new ConcurrentBag<(string User, int Index, int Status, string Body)>();
        // The first operation that does not settle at 200 ends the run: every later one would only repeat its cause
        // for minutes (each gives up after 40 tries), and its answer is what the failure must show.
        using var settledBadly = new CancellationTokenSource();

        await Task.WhenAll(Users.Select(user => Task.Run(async () =>
        {
            for (var i = 0; i < OperationsPerUser && !settledBadly.IsCancellationRequested; i++)
            {
                if (i % 20 == 10)
                {
                    emulator.Faults = emulator.Faults with { ThrottleNextRequests = 3 };
                }

                var answer = await SendUntilSettledAsync(client, user, i);
                answers.Add(answer);
                if (answer.Status != 200)
                {
                    await settledBadly.CancelAsync();
                }
            }
        })));
        emulator.Faults = new FaultSettings();

        Assert.DoesNotContain(answers, a => a.Status == 500);
        Assert.All(answers, a => Assert.True(a.Status == 200, $"{a.User} #{a.Index}: {a.Status} {a.Body}"));
        Assert.Equal(Users.Length * OperationsPerUser, answers.Count);
        var patches = emulator.RequestLog.WithMethod("PATCH");
        Assert.All(patches, p => Assert.True(PatchedValue(p.Body, out _), $"a PATCH without the value: {p.Body}"));
        Assert.Contains(patches, p => p.AnswerDropped); // the run did lose answers of applied writes

        var audit = factory.Services.GetRequiredService<IAuditLog>();
        foreach (var user in Users)
        {
            var cloudId = emulator.FindUser(user)!.Id;
            var records = (await AllRecordsAsync(audit, user, started)).Where(r => !r.DryRun).ToList();
            Assert.DoesNotContain(records, r => r.Outcome == AuditOutcome.Pending);
            var succeeded = records.Where(r => r.Outcome == AuditOutcome.Succeeded).ToList();
            var applied = patches
                .Where(p => p.Path.Contains(cloudId, StringComparison.OrdinalIgnoreCase) && p.Status is >= 200 and < 300 && !p.AnswerDropped)
                .Select(p => PatchedValue(p.Body, out var value) ? value : "?")
                .ToList();
            Assert.Equal(Tally(applied), Tally(succeeded.Select(r => r.After)));
            // The audit's latest confirmed state is Entra's: a write whose answer was lost is confirmed by its retry as
            // NoChange (the value was already there), not as a second Succeeded.
            var last = records.Where(r => r.Outcome is AuditOutcome.Succeeded or AuditOutcome.NoChange).OrderBy(r => r.CompletedAt).Last();
            Assert.Equal(last.After, emulator.FindUser(user)!.OnPremisesImmutableId);
        }
    }

    private static async Task<(string User, int Index, int Status, string Body)> SendUntilSettledAsync(HttpClient client, string user, int index)
    {
        var set = index % 2 == 0;
        for (var attempt = 0; ; attempt++)
        {
            var request = new HttpRequestMessage(set ? HttpMethod.Put : HttpMethod.Delete, $"/api/users/{Uri.EscapeDataString(user)}/immutable-id")
            {
                Content = new StringContent($"{{\"ticket\":\"INC-F{index}\"}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", $"\"fault-{user}-{index}\"");
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var retry = status is 502 or 503 or 504 || (status == 409 && body.Contains("\"IdempotencyKeyInProgress\"", StringComparison.Ordinal));
            if (!retry || attempt >= 40)
            {
                return (user, index, status, body);
            }

            await Task.Delay(50);
        }
    }

    private static async Task<List<AuditRecord>> AllRecordsAsync(IAuditLog audit, string user, DateTimeOffset from)
    {
        var records = new List<AuditRecord>();
        string? token = null;
        do
        {
            var page = await audit.QueryAsync(new AuditQuery(user, From: from, PageSize: AuditQuery.MaxPageSize, ContinuationToken: token));
            records.AddRange(page.Records);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return records;
    }

    private static bool PatchedValue(string? body, out string? value)
    {
        value = null;
        if (string.IsNullOrEmpty(body))
        {
            return false;
        }

        using var doc = JsonDocument.Parse(body);
        if (!doc.RootElement.TryGetProperty("onPremisesImmutableId", out var property))
        {
            return false;
        }

        value = property.ValueKind == JsonValueKind.Null ? null : property.GetString();
        return true;
    }

    private static Dictionary<string, int> Tally(IEnumerable<string?> values) =>
        values.GroupBy(v => v ?? "(null)").ToDictionary(g => g.Key, g => g.Count());
}
