using System.Net;
using ImmutableId.Api.Auth;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Scopes;
using Microsoft.Extensions.DependencyInjection;
using static ImmutableId.Standalone.Tests.Jobs.JobClient;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// The processor's guarantees, driven message by message (no hosted worker): cancel stops new items, a redelivered
/// message never writes twice (after an outcome, or after a write whose outcome only the audit holds), a poison message
/// ends its item as failed, and assess finds the right candidates without writing.
/// </summary>
public sealed class JobProcessingTests(ManualJobsFactory factory) : IClassFixture<ManualJobsFactory>
{
    private const string Operator = "f0000000-0000-4000-8000-0000000000c1";

    private HttpClient Client => factory.ClientWith(Operator, AppRoles.Read, AppRoles.Write);

    private int Patches(IEnumerable<string> upns)
    {
        var ids = upns.Select(u => factory.Emulator.FindUser(u)!.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return factory.Emulator.RequestLog.WithMethod("PATCH").Count(p => ids.Any(id => p.Path.Contains(id, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Cancel_AfterFiveItems_NoOtherItemStarts_InFlightKeepTheirOutcome()
    {
        await factory.ProcessAsync();
        var users = Enumerable.Range(101, 40).Select(JobsTenant.Upn).ToList();
        var (id, _) = await SubmitAsync(Client, new { operation = "set", users });

        Assert.Equal(5, await factory.ProcessAsync(5));
        var cancel = await Client.DeleteAsync($"/api/jobs/{id:D}");
        await factory.ProcessAsync();

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var job = await ReadAsync(await Client.GetAsync($"/api/jobs/{id:D}"));
        Assert.Equal("cancelled", job.GetProperty("state").GetString());
        var items = await ItemsAsync(Client, id);

        // The five that started are not necessarily items 0–4: a job is queued in chunks of 32 in parallel, so under
        // load the second chunk (32–39) can be ahead in the queue (seen: 32–36 ran, 0–4 were cancelled).
        var started = items.Where(i => Status(i) != "cancelled").ToList();
        Assert.Equal(5, started.Count);
        Assert.All(started, i => Assert.NotEqual(0, i.GetProperty("attempts").GetInt32()));
        Assert.All(items.Where(i => Status(i) == "cancelled"), i => Assert.Equal(0, i.GetProperty("attempts").GetInt32()));
        Assert.Equal(35, job.GetProperty("counts").GetProperty("cancelled").GetInt32());
        var written = items.Where(i => Status(i) == "succeeded").Select(i => i.GetProperty("user").GetString()!).ToList();
        Assert.NotEmpty(written);
        Assert.Equal(written.Count, Patches(users));
    }

    [Fact]
    public async Task Redelivery_AfterOutcomeOrAfterAWriteOnlyTheAuditKnows_NeverWritesTwice()
    {
        await factory.ProcessAsync();
        string[] users = [JobsTenant.Upn(141), JobsTenant.Upn(142)];
        var (id, _) = await SubmitAsync(Client, new { operation = "set", users, ticket = "CHG-RE" });

        // Item 0: processed, then its message is delivered again (the worker died before deleting it).
        var first = (await factory.Queue.ReceiveAsync(16, TimeSpan.FromMinutes(5))).ToList();
        var zero = first.Single(m => m.Message.Index == 0);
        var one = first.Single(m => m.Message.Index == 1);
        var done = await factory.Processor.ProcessAsync(zero.Message, 1);
        var again = await factory.Processor.ProcessAsync(zero.Message, 2);

        // Item 1: a worker claimed it, wrote (its audit record holds the outcome) and died before recording the item.
        var store = factory.Store;
        var operationId = AuditRecord.NewOperationId();
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await store.TryClaimItemAsync(id, 1, operationId, now, now));
        var job = (await store.GetAsync(id))!;
        var workflow = factory.Services.GetRequiredService<HardMatchWorkflow>();
        var crashed = await workflow.SetAsync(new SetImmutableIdRequest(UserKeyOf(users[1]), Ticket: "CHG-RE"),
            new OperationContext(operationId, now, job.Owner, DirectoryScope.Unrestricted, JobId: id));
        var resumed = await factory.Processor.ProcessAsync(one.Message, 2);

        Assert.Equal(JobItemStatus.Succeeded, done.Status);
        Assert.True(again.Done);
        Assert.Equal(HardMatchOutcome.Succeeded, crashed.Outcome);
        Assert.Equal(JobItemStatus.Succeeded, resumed.Status);
        var items = await ItemsAsync(Client, id);
        Assert.All(items, i => Assert.Equal("succeeded", Status(i)));
        Assert.Equal(operationId, items[1].GetProperty("operationId").GetGuid());
        Assert.Equal(1, Patches([users[0]]));
        Assert.Equal(1, Patches([users[1]]));
        Assert.Equal("completed", (await ReadAsync(await Client.GetAsync($"/api/jobs/{id:D}"))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task PoisonMessage_DeliveredTooOften_ItemFailedWithTheReason_NothingWritten()
    {
        await factory.ProcessAsync();
        var user = JobsTenant.Upn(143);
        var (id, _) = await SubmitAsync(Client, new { operation = "set", users = new[] { user } });
        var message = Assert.Single(await factory.Queue.ReceiveAsync(16, TimeSpan.FromMinutes(5)));

        var result = await factory.Processor.ProcessAsync(message.Message, new JobOptions().MaxDeliveries + 1);

        Assert.True(result.Done);
        var item = Assert.Single(await ItemsAsync(Client, id));
        Assert.Equal("failed", Status(item));
        Assert.Equal(["Poison"], Codes(item));
        Assert.Contains("delivered 6 times", item.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, Patches([user]));
        Assert.Equal("completed", (await ReadAsync(await Client.GetAsync($"/api/jobs/{id:D}"))).GetProperty("state").GetString());
    }

    [Fact]
    public async Task ManyDeliveries_WhileAWorkerStillHoldsTheItem_NotPoison()
    {
        await factory.ProcessAsync();
        var (id, _) = await SubmitAsync(Client, new { operation = "set", users = new[] { JobsTenant.Upn(144) } });
        var message = Assert.Single(await factory.Queue.ReceiveAsync(16, TimeSpan.FromMinutes(5)));
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull(await factory.Store.TryClaimItemAsync(id, 0, AuditRecord.NewOperationId(), now, now.AddMinutes(1)));

        var result = await factory.Processor.ProcessAsync(message.Message, new JobOptions().MaxDeliveries + 1);

        Assert.False(result.Done);
        Assert.False(result.CountsAsDelivery);
        Assert.Equal("running", Status(Assert.Single(await ItemsAsync(Client, id))));
        await factory.Store.CancelAsync(id, now);
        await factory.Store.CompleteItemAsync(id, 0, new JobItemOutcome(JobItemStatus.Cancelled, [], null, null, null, null, "test", now));
        await factory.Queue.DeleteAsync(message);
    }

    [Fact]
    public async Task Assess_FindsTheCandidates_RefusalsByCode_WritesNothing()
    {
        await factory.ProcessAsync();
        var bulk = Enumerable.Range(1, 60).ToList();
        string[] demo = ["lee.gu@contoso.com", "isaiah.langer@contoso.com", "nestor.wilke@contoso.com", JobsTenant.AmbiguousUpn, "pradeep.gupta@fabrikam.com"];
        var reader = factory.ClientWith("f0000000-0000-4000-8000-0000000000c2", AppRoles.Read);
        var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Count;

        var (id, _) = await SubmitAsync(reader, new { operation = "assess", users = bulk.Select(JobsTenant.Upn).Concat(demo) });
        await factory.ProcessAsync();

        var items = await ItemsAsync(reader, id);
        foreach (var n in bulk)
        {
            var (status, code) = JobsTenant.Expected(n);
            var item = items[n - 1];
            Assert.Equal(status == "succeeded" ? "planned" : status, Status(item));
            if (code is not null)
            {
                Assert.Contains(code, Codes(item));
            }
        }

        Assert.Contains("CloudUserSynced", Codes(items[60]));
        Assert.Contains("PrivilegedTarget", Codes(items[61]));
        Assert.Equal("noChange", Status(items[62]));
        Assert.Contains("AmbiguousOnPremUser", Codes(items[63]));
        Assert.Contains("FederatedDomain", Codes(items[64]));
        Assert.Equal(patches, factory.Emulator.RequestLog.WithMethod("PATCH").Count);
        var audit = factory.Services.GetRequiredService<IAuditLog>();
        var planned = items.First(i => Status(i) == "planned");
        Assert.Equal(AuditOutcome.DryRun, (await audit.GetAsync(planned.GetProperty("operationId").GetGuid()))!.Outcome);
    }

    private static UserKey UserKeyOf(string upn) => UserKey.TryParse(upn, out var key, out _) ? key : throw new ArgumentException(upn);
}
