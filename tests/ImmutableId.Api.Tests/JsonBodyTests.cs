using ImmutableId.Testing;
using System.Text;
using ImmutableId.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ImmutableId.Api.Tests;

public sealed class JsonBodyTests
{
    private sealed record Sample(string? Value, int? Count);

    [Fact]
    public async Task ReadAsync_ValidObject_ReturnsValue()
    {
        var request = Request("{\"value\":\"x\",\"count\":2}");

        var (value, problem) = await JsonBody.ReadAsync<Sample>(request);

        Assert.Null(problem);
        Assert.Equal(new Sample("x", 2), value);
    }

    [Theory]
    [InlineData("", ProblemCodes.MissingBody, 400)]
    [InlineData("{", ProblemCodes.InvalidJson, 400)]
    [InlineData("null", ProblemCodes.InvalidJson, 400)]
    [InlineData("{\"count\":\"two\"}", ProblemCodes.InvalidJson, 400)]
    [InlineData("\"text\"", ProblemCodes.InvalidJson, 400)]
    public async Task ReadAsync_BadBody_ReturnsProblem(string json, string code, int status)
    {
        var request = Request(json);

        var (value, problem) = await JsonBody.ReadAsync<Sample>(request);

        Assert.Null(value);
        AssertProblem(problem, status, code);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverLimit_RefusedWithoutReading()
    {
        var request = Request("{}");
        request.ContentLength = JsonBody.MaxBytes + 1;
        var body = new CountingStream();
        request.Body = body;

        var (_, problem) = await JsonBody.ReadAsync<Sample>(request);

        AssertProblem(problem, 413, ProblemCodes.RequestTooLarge);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredLengthOverLimit_StopsReadingAtTheLimit()
    {
        var request = Request(null);
        var body = new CountingStream(length: 10 * 1024 * 1024);
        request.Body = body;

        var (_, problem) = await JsonBody.ReadAsync<Sample>(request);

        AssertProblem(problem, 413, ProblemCodes.RequestTooLarge);
        Assert.True(body.BytesRead <= JsonBody.MaxBytes + 8192, $"read {body.BytesRead} bytes");
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task ReadAsync_NotJson_Returns415(string contentType)
    {
        var request = Request("{}");
        request.ContentType = contentType;

        var (_, problem) = await JsonBody.ReadAsync<Sample>(request);

        AssertProblem(problem, 415, ProblemCodes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    public async Task ReadAsync_JsonMediaTypes_Accepted(string contentType)
    {
        var request = Request("{\"value\":\"x\"}");
        request.ContentType = contentType;

        var (value, problem) = await JsonBody.ReadAsync<Sample>(request);

        Assert.Null(problem);
        Assert.Equal("x", value!.Value);
    }

    [Theory]
    [InlineData(StatusCodes.Status408RequestTimeout, 408, ProblemCodes.RequestBodyTimeout)]
    [InlineData(StatusCodes.Status400BadRequest, 400, ProblemCodes.InvalidRequest)]
    public async Task ReadAsync_ServerCannotReadTheBody_ReturnsProblemNot500(int serverStatus, int status, string code)
    {
        // What Kestrel throws when a body arrives below MinRequestBodyDataRate (408) or is cut off (400).
        var request = Request(null);
        request.ContentType = "application/json";
        request.ContentLength = 100;
        request.Body = new FailingStream(new BadHttpRequestException("Reading the request body timed out due to data arriving too slowly.", serverStatus));

        var (value, problem) = await JsonBody.ReadAsync<Sample>(request);

        Assert.Null(value);
        AssertProblem(problem, status, code);
    }

    private sealed class FailingStream(Exception exception) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw exception;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(exception);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static HttpRequest Request(string? json) => TestHttp.Request("POST", "/api/test", json);

    private static void AssertProblem(IResult? result, int status, string code)
    {
        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(status, problem.StatusCode);
        Assert.Equal(code, problem.ProblemDetails.Extensions["code"]);
        Assert.False(string.IsNullOrWhiteSpace(problem.ProblemDetails.Detail));
        Assert.IsType<ProblemDetails>(problem.ProblemDetails);
    }

    private sealed class CountingStream(long length = long.MaxValue) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - BytesRead);
            Array.Fill(buffer, (byte)'A', offset, n);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
