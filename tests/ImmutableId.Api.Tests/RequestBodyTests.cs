using ImmutableId.Api.Http;
using ImmutableId.Testing;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Tests;

/// <summary>The one bounded body reader: exact up to the bound, never reads far past it, reports framing errors as values.</summary>
public sealed class RequestBodyTests
{
    private static HttpRequest Request(Stream body, long? contentLength)
    {
        var request = TestHttp.Request("POST", "/api/test", null);
        request.Body = body;
        request.ContentLength = contentLength;
        return request;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(4096)]
    public async Task ReadAsync_UpToTheBound_ReturnsEveryByte(int size)
    {
        var bytes = Enumerable.Range(0, size).Select(i => (byte)(i % 251)).ToArray();

        var declared = await RequestBody.ReadAsync(Request(new MemoryStream(bytes), size), 4096);
        var chunked = await RequestBody.ReadAsync(Request(new MemoryStream(bytes), null), 4096);

        Assert.True(declared.Complete);
        Assert.Equal(bytes, declared.Bytes.ToArray());
        Assert.True(chunked.Complete);
        Assert.Equal(bytes, chunked.Bytes.ToArray());
    }

    [Fact]
    public async Task ReadAsync_UndeclaredOneByteOverTheBound_IsTooLarge()
    {
        var body = await RequestBody.ReadAsync(Request(new MemoryStream(new byte[4097]), null), 4096);

        Assert.True(body.TooLarge);
        Assert.False(body.Complete);
        Assert.True(body.Bytes.IsEmpty);
    }

    [Fact]
    public async Task ReadAsync_DeclaredOverTheBound_IsTooLargeWithoutReading()
    {
        var stream = new MemoryStream(new byte[5000]);

        var body = await RequestBody.ReadAsync(Request(stream, 5000), 4096);

        Assert.True(body.TooLarge);
        Assert.Equal(0, stream.Position);
    }
}
