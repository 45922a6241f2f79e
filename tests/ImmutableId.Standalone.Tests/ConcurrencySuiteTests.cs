using System.Net;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Auth;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// One user gets one write at a time, whatever name each writer uses: the per-user lease is on the resolved cloud
/// object, and the state is read again inside it. Against the sandbox's real Graph adapter and emulator.
/// </summary>
public sealed class ConcurrencySuiteTests(WritePathFactory factory) : IClassFixture<WritePathFactory>
{
    // Patti's mS-DS-ConsistencyGuid differs from her objectGUID: two sources, two different values.
    private const string Patti = "patti.fernandez@contoso.com";
    private const string PattiObjectGuidAnchor = "9+XToSwLbk2PEBorPE1eEg==";
    private const string PattiConsistencyAnchor = "f4qbDF1uO0wqGQh/bl1MOw==";
    private const string PattiCloudId = "11111111-0000-4000-8000-000000000012";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task TwentyWriters_FourNamesDifferentSources_ExactlyOneValueWritten()
    {
        factory.Emulator.Reset();
        var guid = new Guid(Convert.FromBase64String(PattiObjectGuidAnchor)).ToString();
        string[] names = [Patti, Patti.ToUpperInvariant(), guid, "{" + guid + "}"];
        string?[] sources = [null, "auto", "objectGuid", "consistencyGuid", "objectGuid"];
        var client = factory.CreateClientWithRoles(AppRoles.Write);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            var body = sources[i % sources.Length] is { } source ? $"{{\"source\":\"{source}\",\"ticket\":\"INC-C{i}\"}}" : $"{{\"ticket\":\"INC-C{i}\"}}";
            var response = await client.PutAsync($"/api/users/{Uri.EscapeDataString(names[i % names.Length])}/immutable-id", Json(body));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        })));

        var patches = factory.Emulator.RequestLog.WithMethod("PATCH").Where(p => p.Path.Contains(PattiCloudId, StringComparison.OrdinalIgnoreCase) && p.Status is >= 200 and < 300).ToList();
        Assert.Single(patches);
        var held = factory.Emulator.FindUser(Patti)!.OnPremisesImmutableId;
        Assert.Contains(held, new[] { PattiObjectGuidAnchor, PattiConsistencyAnchor });
        using (var patched = JsonDocument.Parse(patches[0].Body!))
        {
            // Parsed, not searched: the SDK escapes '+' in JSON strings (\u002B).
            Assert.Equal(held, patched.RootElement.GetProperty("onPremisesImmutableId").GetString());
        }
        var outcomes = responses.Select(r => (r.Item1, Code(r.Item2))).ToList();
        Assert.Equal(1, outcomes.Count(o => o.Item2 == "succeeded"));
        Assert.All(outcomes, o => Assert.True(
            o.Item2 is "succeeded" or "noChange" or "ImmutableIdAlreadySet" or "UserBusy",
            $"unexpected answer {o.Item1} {o.Item2}"));
    }

    [Fact]
    public async Task SlowBodyWriterAndFastWriter_NeverBothWrite()
    {
        factory.Emulator.Reset();
        var guid = new Guid(Convert.FromBase64String(PattiObjectGuidAnchor)).ToString();
        var client = factory.CreateClientWithRoles(AppRoles.Write);
        var slow = client.PutAsync($"/api/users/{guid}/immutable-id", new SlowContent("{\"source\":\"objectGuid\",\"ticket\":\"INC-SLOW\"}", TimeSpan.FromMilliseconds(40)));
        await Task.Delay(200);

        var fast = await client.PutAsync($"/api/users/{Patti}/immutable-id", Json("{\"ticket\":\"INC-FAST\"}"));
        var slowResponse = await slow;

        var codes = new[] { Code(await fast.Content.ReadAsStringAsync()), Code(await slowResponse.Content.ReadAsStringAsync()) };
        Assert.Equal(1, codes.Count(c => c == "succeeded"));
        Assert.Single(factory.Emulator.RequestLog.WithMethod("PATCH"), p => p.Status is >= 200 and < 300);
    }

    private static string? Code(string body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty("outcome", out var outcome) ? outcome.GetString() : doc.RootElement.GetProperty("code").GetString();
    }

    /// <summary>A JSON body sent one byte at a time with a pause between bytes (no Content-Length).</summary>
    private sealed class SlowContent(string json, TimeSpan pause) : HttpContent
    {
        private readonly byte[] _bytes = Encoding.UTF8.GetBytes(json);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            foreach (var b in _bytes)
            {
                await stream.WriteAsync(new[] { b });
                await stream.FlushAsync();
                await Task.Delay(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
