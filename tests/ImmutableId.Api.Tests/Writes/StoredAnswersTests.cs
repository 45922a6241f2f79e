using ImmutableId.Api.Http;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Idempotency;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Tests.Writes;

/// <summary>A write's typed answer kept as an <see cref="IdempotentAnswer"/> and sent again: the same status, media type and bytes.</summary>
public sealed class StoredAnswersTests(WriteGuardFixture fixture) : IClassFixture<WriteGuardFixture>
{
    public static TheoryData<string> Answers => ["result", "problem"];

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task From_ThenSent_AnswersWhatTheTypedAnswerSends(string kind)
    {
        var request = fixture.Request("PUT", "/api/users/adele.vance@contoso.com/immutable-id", null, null);
        var typed = kind == IdempotentAnswer.Result
            ? Results.Json(new { outcome = "succeeded", verified = true }, ApiJson.Options)
            : ApiProblem.Create(request.HttpContext, StatusCodes.Status409Conflict, "AnchorInUse", "Anchor in use", "Another user holds it.");
        var operationId = Guid.CreateVersion7();

        var direct = await TestHttp.ExecuteAsync(typed, request);
        var stored = StoredAnswers.From(new WriteAnswer(typed, operationId), request.HttpContext);
        var sent = await TestHttp.ExecuteAsync(new StoredAnswerResult(stored!, replayed: true), fixture.Request("PUT", "/x", null, null));

        Assert.Equal(kind, stored!.Kind);
        Assert.Equal(operationId.ToString(), stored.OperationId);
        Assert.Equal(direct.Status, sent.Status);
        Assert.Equal(direct.ContentType, sent.ContentType);
        Assert.Equal(direct.Body, sent.Body);
        Assert.Equal("true", sent.Headers[WriteGuard.ReplayedHeader].ToString());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(202)]
    public void From_AnswerThatIsNotAFinalResultOrProblem_IsNotStored(int status)
    {
        var request = fixture.Request("PUT", "/api/users/adele.vance@contoso.com/immutable-id", null, null);

        Assert.Null(StoredAnswers.From(new WriteAnswer(Results.Json(new { outcome = "failed" }, statusCode: status)), request.HttpContext));
    }

    [Fact]
    public void HttpOf_UnknownKind_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => StoredAnswers.HttpOf(new IdempotentAnswer("text", "x")));
    }
}
