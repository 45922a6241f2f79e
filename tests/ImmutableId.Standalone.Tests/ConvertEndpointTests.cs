using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ImmutableId.Standalone.Tests;

public sealed class ConvertEndpointTests(StandaloneFactory factory) : IClassFixture<StandaloneFactory>
{
    private const string VectorGuid = "35918bc9-196d-40ea-9779-889d79b753f0";
    private const string VectorImmutableId = "yYuRNW0Z6kCXeYidebdT8A==";

    private readonly HttpClient _client = factory.CreateClientWithRoles("ImmutableId.Read");

    [Theory]
    [InlineData(VectorGuid, "guid")]
    [InlineData("{35918BC9-196D-40EA-9779-889D79B753F0}", "guid")]
    [InlineData(VectorImmutableId, "immutableId")]
    [InlineData("0xc98b91356d19ea409779889d79b753f0", "hex")]
    [InlineData("c9 8b 91 35 6d 19 ea 40 97 79 88 9d 79 b7 53 f0", "hex")]
    [InlineData(@"\c9\8b\91\35\6d\19\ea\40\97\79\88\9d\79\b7\53\f0", "ldapEscaped")]
    [InlineData("CN={795975524E57305A366B4358655969646562645438413D3D}", "connectorSpaceDn")]
    public async Task Convert_VectorInEveryForm_AnswersEveryForm(string value, string detected)
    {
        var response = await _client.PostAsJsonAsync("/api/convert", new { value });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal(detected, root.GetProperty("detectedFormat").GetString());
        Assert.Equal(VectorGuid, root.GetProperty("guid").GetString());
        Assert.Equal(VectorImmutableId, root.GetProperty("immutableId").GetString());
        Assert.Equal("c98b91356d19ea409779889d79b753f0", root.GetProperty("hex").GetString());
        Assert.Equal(@"(objectGUID=\c9\8b\91\35\6d\19\ea\40\97\79\88\9d\79\b7\53\f0)", root.GetProperty("ldapFilter").GetString());
        Assert.Equal("CN={795975524E57305A366B4358655969646562645438413D3D}", root.GetProperty("connectorSpaceDn").GetString());
    }

    [Theory]
    [InlineData("guid", "35918bc9-196d-40ea-9779-889d79b753f0")]
    [InlineData("hex", "dff27ae3-be3f-6ac4-5c5c-1b3b2b56e03f")]
    public async Task Convert_FromForcesForm_BareHexReadEitherWay(string from, string expectedGuid)
    {
        var value = from == "guid" ? "35918bc9196d40ea9779889d79b753f0" : "e37af2df3fbec46a5c5c1b3b2b56e03f";

        var response = await _client.PostAsJsonAsync("/api/convert", new { value, from });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(expectedGuid, body.RootElement.GetProperty("guid").GetString());
    }

    [Theory]
    [InlineData("{\"value\":\"yYuRNW0Z6kCXeYidebdT8A\"}", HttpStatusCode.BadRequest, "AnchorInvalid")]
    [InlineData("{\"value\":\"yYuRNW0Z6kCXeYid-bdT8A==\"}", HttpStatusCode.BadRequest, "AnchorInvalid")]
    [InlineData("{\"value\":\"35918bc9-196d-40ea-9779-889d79b753\"}", HttpStatusCode.BadRequest, "AnchorInvalid")]
    [InlineData("{\"value\":\"c98b91356d19ea409779889d79b753f0\"}", HttpStatusCode.BadRequest, "AnchorAmbiguous")]
    [InlineData("{\"value\":\"\"}", HttpStatusCode.BadRequest, "AnchorEmpty")]
    [InlineData("{}", HttpStatusCode.BadRequest, "AnchorEmpty")]
    [InlineData("{\"value\":\"x\",\"from\":\"octal\"}", HttpStatusCode.BadRequest, "InvalidAnchorFormatName")]
    [InlineData("{\"value\":", HttpStatusCode.BadRequest, "InvalidJson")]
    [InlineData("[1,2]", HttpStatusCode.BadRequest, "InvalidJson")]
    [InlineData("{\"value\":42}", HttpStatusCode.BadRequest, "InvalidJson")]
    [InlineData("null", HttpStatusCode.BadRequest, "InvalidJson")]
    [InlineData("", HttpStatusCode.BadRequest, "MissingBody")]
    public async Task Convert_BadInput_AnswersProblemWithCode(string json, HttpStatusCode status, string code)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/convert", content);

        await AssertProblemAsync(response, status, code);
    }

    [Fact]
    public async Task Convert_TenMegabyteBody_Answers413Problem()
    {
        var json = "{\"value\":\"" + new string('A', 10 * 1024 * 1024) + "\"}";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/api/convert", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge");
    }

    [Fact]
    public async Task Convert_TenMegabyteChunkedBody_Answers413Problem()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"value\":\"" + new string('A', 10 * 1024 * 1024) + "\"}");
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/api/convert", content);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge");
    }

    [Fact]
    public async Task Convert_FormBody_Answers415Problem()
    {
        using var content = new FormUrlEncodedContent([new("value", VectorGuid)]);

        var response = await _client.PostAsync("/api/convert", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Convert_BadValue_ProblemNamesTheFormItLookedLike()
    {
        var response = await _client.PostAsJsonAsync("/api/convert", new { value = "yYuRNW0Z6kCXeYidebdT8A=" });

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("immutableId", body.RootElement.GetProperty("lookedLike").GetString());
        Assert.Contains("16", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_GuidWithOneBadCharacter_NamesTheCharacterInsteadOfBase64()
    {
        var response = await _client.PostAsJsonAsync("/api/convert", new { value = "35918bc9-196d-40ea-9779-889d79b753fg" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "AnchorInvalid");
        Assert.Equal("guid", problem.GetProperty("lookedLike").GetString());
        Assert.Contains("'g' (character 36) is not a hex digit", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("URL-safe", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"value\":5}", "'value' must be a string in quotes (line 1, byte")]
    [InlineData("{\"value\":\"35918bc9-196d-40ea-9779-889d79b753f0\",\"from\":true}", "'from' must be a string in quotes")]
    public async Task Convert_FieldOfTheWrongType_InvalidJsonNamesTheFieldAndItsType(string json, string expected)
    {
        var response = await _client.PostAsync("/api/convert", new StringContent(json, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidJson");
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Convert_ImmutableIdWithPlus_IsWrittenLiterally()
    {
        // fb-bytes give '+' and '/' in Base64; JSON must carry them as typed, not as \u002B escapes.
        var response = await _client.PostAsJsonAsync("/api/convert", new { value = "0xfbeffbeffbeffbeffbeffbeffbeffbef" });

        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"immutableId\":\"++/77/vv++/77/vv++/77w==\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Get_AnswersHealthy()
    {
        var response = await _client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal(["status", "version"], body.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Convert_Get_IsNotAllowed()
    {
        var response = await _client.GetAsync("/api/convert");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        var root = body.RootElement;
        Assert.Equal(code, root.GetProperty("code").GetString());
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("traceId").GetString()));
        return root.Clone();
    }
}
