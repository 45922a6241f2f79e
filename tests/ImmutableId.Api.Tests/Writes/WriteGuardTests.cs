using ImmutableId.Api.Auth;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Tests.Writes;

/// <summary>The HTTP side of a write — auth, the refusal record, Idempotency-Key — with real tokens and the SQLite store.</summary>
public sealed class WriteGuardTests(WriteGuardFixture fixture) : IClassFixture<WriteGuardFixture>
{
    private static string NewUser() => $"u{Guid.NewGuid():N}@contoso.com";

    private async Task<(int Status, string Body, IHeaderDictionary Headers)> PutAndExecuteAsync(
        FakeWrite write, string user, string? token, IReadOnlyDictionary<string, string>? headers = null, string body = "{\"ticket\":\"INC-BODY\"}", CancellationToken cancellationToken = default)
    {
        var request = fixture.Request("PUT", $"/api/users/{user}/immutable-id", body, token, headers);
        var result = await fixture.Guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, user, write.Handler, cancellationToken);
        return await WriteGuardFixture.ExecuteAsync(result, request);
    }

    private string Writer() => fixture.Issuer.AppToken(AppRoles.Write);

    // ---------- auth ----------

    [Fact]
    public async Task Run_NoToken_Answers401WithoutRunningTheHandlerOrAuditing()
    {
        var write = new FakeWrite();
        var user = NewUser();

        var (status, _, _) = await PutAndExecuteAsync(write, user, token: null);

        Assert.Equal(401, status);
        Assert.Equal(0, write.Runs);
        Assert.Empty((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
    }

    [Fact]
    public async Task Run_ReadRoleOnly_Answers403AndAuditsTheRefusedAttempt()
    {
        var write = new FakeWrite();
        var user = NewUser();

        var (status, _, headers) = await PutAndExecuteAsync(write, user, fixture.Issuer.AppToken(AppRoles.Read), new Dictionary<string, string> { ["X-Ticket-Id"] = "INC42" });

        Assert.Equal(403, status);
        Assert.Equal(0, write.Runs);
        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal(AuditOutcome.Refused, record.Outcome);
        Assert.Equal("INC-BODY", record.Ticket); // the body's ticket wins over the header, as in the handler
        Assert.Equal("InsufficientRole", record.Error);
        Assert.Equal(headers[WriteGuard.OperationIdHeader].ToString(), record.OperationId.ToString());
        Assert.Equal("8d2f3c5e-0d1f-4d7c-9a3b-1c2d3e4f5a6b", record.Caller.AppId);
    }

    // ---------- idempotency ----------

    [Fact]
    public async Task Run_SameKeySameRequest_ReplaysTheStoredAnswerWithoutRunningAgain()
    {
        var write = new FakeWrite();
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "\"k-" + Guid.NewGuid() + "\"" };

        var first = await PutAndExecuteAsync(write, user, Writer(), key);
        var second = await PutAndExecuteAsync(write, user, Writer(), key);

        Assert.Equal(200, first.Status);
        Assert.Equal(first.Status, second.Status);
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Headers[WriteGuard.OperationIdHeader].ToString(), second.Headers[WriteGuard.OperationIdHeader].ToString());
        Assert.Equal("true", second.Headers[WriteGuard.ReplayedHeader].ToString());
        Assert.Equal(1, write.Runs);
    }

    [Fact]
    public async Task Run_WithIdempotencyKey_ReadsTheBodyOnce_AndHandsTheHandlerItsBytes()
    {
        var write = new FakeWrite();
        var user = NewUser();
        const string json = "{\"ticket\":\"INC-ONCE\"}";
        var request = fixture.Request("PUT", $"/api/users/{user}/immutable-id", json, Writer(),
            new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() });
        var stream = new ReadOnceStream(System.Text.Encoding.UTF8.GetBytes(json));
        request.Body = stream;

        var result = await fixture.Guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, user, write.Handler);
        var (status, _, _) = await WriteGuardFixture.ExecuteAsync(result, request);

        Assert.Equal(200, status);
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(Assert.Single(write.Bodies).Bytes.Span));
        Assert.False(request.Body.CanSeek); // nothing buffered the body for a second read
    }

    /// <summary>A request body as Kestrel gives it: forward only.</summary>
    private sealed class ReadOnceStream(byte[] bytes) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, bytes.Length - _position);
            Array.Copy(bytes, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Run_SameKeyDifferentBody_Answers422()
    {
        var write = new FakeWrite();
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };
        await PutAndExecuteAsync(write, user, Writer(), key);

        var (status, body, _) = await PutAndExecuteAsync(write, user, Writer(), key, body: "{\"ticket\":\"INC-OTHER\"}");

        Assert.Equal(422, status);
        Assert.Equal("IdempotencyKeyReused", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal(1, write.Runs);
    }

    [Fact]
    public async Task Run_SameKeyWhileTheFirstIsRunning_Answers409()
    {
        var write = new FakeWrite();
        write.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };
        var first = PutAndExecuteAsync(write, user, Writer(), key);
        while (write.Runs == 0)
        {
            await Task.Delay(10);
        }

        var (status, body, headers) = await PutAndExecuteAsync(write, user, Writer(), key);
        write.Hold.SetResult();
        var firstResult = await first;

        Assert.Equal(409, status);
        Assert.Equal("IdempotencyKeyInProgress", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal("1", headers.RetryAfter.ToString());
        Assert.Equal(200, firstResult.Status);
    }

    [Fact]
    public async Task Run_SameKeyFromAnotherCaller_RunsSeparately()
    {
        var write = new FakeWrite();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "shared-key-" + Guid.NewGuid() };
        var other = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], AppId = Guid.NewGuid().ToString(), ObjectId = Guid.NewGuid().ToString() });

        await PutAndExecuteAsync(write, NewUser(), Writer(), key);
        var (status, _, headers) = await PutAndExecuteAsync(write, NewUser(), other, key);

        Assert.Equal(200, status);
        Assert.Equal(2, write.Runs);
        Assert.False(headers.ContainsKey(WriteGuard.ReplayedHeader));
    }

    [Fact]
    public async Task Run_TransientFailureWithKey_IsNotReplayed()
    {
        var write = new FakeWrite();
        write.Status = 503;
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };

        var first = await PutAndExecuteAsync(write, user, Writer(), key);
        write.Status = 200;
        var retry = await PutAndExecuteAsync(write, user, Writer(), key);

        Assert.Equal(503, first.Status);
        Assert.Equal(200, retry.Status);
        Assert.Equal(2, write.Runs);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\"\"")]
    [InlineData("bad\u0001key")]
    public async Task Run_InvalidKey_Answers400(string key)
    {
        var write = new FakeWrite();

        var (status, body, _) = await PutAndExecuteAsync(write, NewUser(), Writer(), new Dictionary<string, string> { ["Idempotency-Key"] = key });

        Assert.Equal(400, status);
        Assert.Equal("InvalidIdempotencyKey", WriteGuardFixture.Json(body).GetProperty("code").GetString());
        Assert.Equal(0, write.Runs);
    }

    [Fact]
    public async Task Run_BlankUser_LeavesValidationToTheHandler()
    {
        var request = fixture.Request("PUT", "/api/users//immutable-id", "{}", Writer());

        var result = await fixture.Guard.RunAsync(request, AppRoles.Write, AuditOperation.Set, string.Empty,
            (_, _, _, _) => Task.FromResult(new WriteAnswer(Results.Problem(statusCode: 400, title: "InvalidUser"))));
        var (status, _, headers) = await WriteGuardFixture.ExecuteAsync(result, request);

        Assert.Equal(400, status);
        Assert.False(headers.ContainsKey(WriteGuard.OperationIdHeader));
    }

    [Fact]
    public async Task Run_ReadRoleOnlyWithTicketAndReasonInTheBody_AuditsBoth()
    {
        var write = new FakeWrite();
        var user = NewUser();

        var (status, _, _) = await PutAndExecuteAsync(write, user, fixture.Issuer.AppToken(AppRoles.Read), body: "{\"ticket\":\"CHG-7\",\"reason\":\"joiner\"}");

        Assert.Equal(403, status);
        var record = Assert.Single((await fixture.Audit.QueryAsync(new AuditQuery(UserPrincipalName: user))).Records);
        Assert.Equal("CHG-7", record.Ticket);
        Assert.Equal("joiner", record.Reason);
    }

    [Fact]
    public async Task Run_ClientCancelsWhileRunning_TheSameKeyCanBeRetriedAtOnce()
    {
        var write = new FakeWrite { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };
        using var cancel = new CancellationTokenSource();
        var first = PutAndExecuteAsync(write, user, Writer(), key, cancellationToken: cancel.Token);
        while (write.Runs == 0)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        write.Hold = null;
        var (status, _, headers) = await PutAndExecuteAsync(write, user, Writer(), key);

        Assert.Equal(200, status);
        Assert.Equal(2, write.Runs);
        Assert.False(headers.ContainsKey(WriteGuard.ReplayedHeader));
    }

    [Fact]
    public async Task Run_AnswerWithRetryAfter_IsNotReplayed()
    {
        var write = new FakeWrite { Status = 409, RetryAfter = true };
        var user = NewUser();
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "k-" + Guid.NewGuid() };

        var busy = await PutAndExecuteAsync(write, user, Writer(), key);
        write.Status = 200;
        write.RetryAfter = false;
        var retry = await PutAndExecuteAsync(write, user, Writer(), key);

        Assert.Equal(409, busy.Status);
        Assert.Equal(200, retry.Status);
        Assert.Equal(2, write.Runs);
    }

    [Fact]
    public async Task Run_Allowed_HandlerRunsUnderTheCallersIdentityAndScope()
    {
        var write = new FakeWrite();
        var scoped = fixture.Issuer.CreateToken(new TestToken { Roles = [AppRoles.Write], AppId = WriteGuardFixture.ScopedAppId });

        await PutAndExecuteAsync(write, NewUser(), scoped);

        var context = Assert.Single(write.Contexts);
        Assert.Equal(WriteGuardFixture.ScopedAppId, context.Caller.AppId);
        Assert.Equal(["contoso.com"], context.CallerScope.UpnDomains);
        Assert.Equal(7, context.OperationId.Version);
    }
}
