extern alias EntraEmulator;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;
using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// <c>POST /api/diagnoses</c> through the Standalone host's sandbox (the emulator's demo tenant and the demo LDIF),
/// one test per recognised error with its real message text: the right cause and fix for a seeded user.
/// </summary>
public sealed class DiagnosesEndpointTests : IClassFixture<DiagnosesFactory>
{
    // Real texts (sources in SyncErrorCatalog): Connect's duplicate-value export error (KB 2647098 / event 6941),
    // the 2026 hardening block, the federated UPN change (KB 2669550) and DataValidationFailed's "[None]" text.
    private const string DuplicateText =
        "Unable to update this object because the following attributes associated with this object have values that may already be associated with another object in your local directory services: [UserPrincipalName {0};]. Correct or remove the duplicate values in your local directory.";

    private const string HardeningText = "Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.";
    private const string FederatedText = "Unable to update this object in Microsoft Online Services, because the attribute FederatedUser.UserPrincipalName is not valid. Update the value in your local Active Directory";
    private const string DataValidationText = "Unable to update this object in Azure Active Directory, because the attribute [None], is not valid. Update the value in your local directory services. Tracking Id: 8f0b1067-a691-4832-b9fe-9e18f35d835a";
    private const string OtherAnchor = "AAECAwQFBgcICQoLDA0ODw==";
    private const string LinkIdentifier = "5d2a9c1e-7f3b-4c8a-9e6d-1b2c3d4e5f60";

    private readonly StandaloneFactory _factory;
    private readonly HttpClient _client;

    public DiagnosesEndpointTests(DiagnosesFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClientWithRoles(AppRoles.Read);

        // Alex carries another AD object's anchor; Megan was linked before (onPremisesObjectIdentifier set).
        var demo = SeedJson.Demo();
        var emulator = factory.Services.GetRequiredService<SandboxEnvironment>().Emulator;
        emulator.LoadSeed(demo with
        {
            Users = [.. demo.Users!.Select(u => u.UserPrincipalName switch
            {
                "alex.wilber@contoso.com" => u with { OnPremisesImmutableId = OtherAnchor },
                "megan.o'brien@contoso.com" => u with { OnPremisesObjectIdentifier = LinkIdentifier },
                _ => u,
            })],
        });
    }

    [Fact]
    public async Task Diagnose_InvalidSoftMatchCodeForUserWithAnotherAnchor_CauseNamesBothAnchorsFixReplacesDryRunFirst()
    {
        var body = await DiagnoseAsync(new { text = "InvalidSoftMatch: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, DuplicateText, "alex.wilber@contoso.com"), ticket = "INC42" });

        Assert.Equal("InvalidSoftMatch", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("alex.wilber@contoso.com", body.GetProperty("user").GetString());
        Assert.Equal("text", body.GetProperty("userFrom").GetString());
        var cause = body.GetProperty("cause").GetString()!;
        Assert.Contains(OtherAnchor, cause, StringComparison.Ordinal);
        Assert.Contains("9+XToSwLbk2PEBorPE1eAg==", cause, StringComparison.Ordinal);
        var puts = ApiSteps(body, "PUT");
        Assert.Equal(2, puts.Count);
        Assert.EndsWith("?dryRun=true", puts[0].GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Contains("\"replace\":true", puts[0].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("INC42", puts[1].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("fix").EnumerateArray(), s => s.GetProperty("path").GetString() == "Start-ADSyncSyncCycle -PolicyType Delta");
        Assert.Equal("different", body.GetProperty("status").GetProperty("matchState").GetString());
    }

    [Fact]
    public async Task Diagnose_AttributeValueMustBeUniqueForUserWithoutImmutableId_FixSetsTheAnchor()
    {
        var text = "Error Name: AttributeValueMustBeUnique\nError Detail: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, DuplicateText, "adele.vance@contoso.com");

        var body = await DiagnoseAsync(new { text });

        Assert.Equal("AttributeValueMustBeUnique", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("UserPrincipalName", body.GetProperty("error").GetProperty("attribute").GetString());
        Assert.Contains("no immutable ID", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains("9+XToSwLbk2PEBorPE1eAQ==", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        var puts = ApiSteps(body, "PUT");
        Assert.Equal("/api/users/adele.vance%40contoso.com/immutable-id?dryRun=true", puts[0].GetProperty("path").GetString());
        Assert.DoesNotContain("replace", puts[0].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("error").GetProperty("sources").EnumerateArray(), s => s.GetString()!.StartsWith("https://learn.microsoft.com/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diagnose_DuplicateTextWithoutCode_ResolvedByTheUsersState()
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, DuplicateText, "alex.wilber@contoso.com");

        var body = await DiagnoseAsync(new { text });

        Assert.Equal("InvalidSoftMatch", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("AttributeValueMustBeUnique", Assert.Single(body.GetProperty("alsoPossible").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Diagnose_HardeningBlockForLinkedUser_CauseNamesTheIdentifierFixClearsItOnBeta()
    {
        var body = await DiagnoseAsync(new { text = HardeningText, user = "megan.o'brien@contoso.com" });

        Assert.Equal("HardMatchSecurityHardening", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("body", body.GetProperty("userFrom").GetString());
        Assert.Contains(LinkIdentifier, body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        var graph = Assert.Single(body.GetProperty("fix").EnumerateArray(), s => s.GetProperty("kind").GetString() == "graph");
        Assert.Equal("PATCH", graph.GetProperty("method").GetString());
        Assert.Equal("https://graph.microsoft.com/beta/users/11111111-0000-4000-8000-000000000003", graph.GetProperty("path").GetString());
        Assert.Equal("{\"onPremisesObjectIdentifier\":null}", graph.GetProperty("body").GetString());
        Assert.Equal("no", body.GetProperty("error").GetProperty("immutableIdFixes").GetString());
    }

    [Fact]
    public async Task Diagnose_HardeningBlockForGlobalAdmin_CauseNamesTheRole()
    {
        var body = await DiagnoseAsync(new { text = HardeningText, user = "diego.siciliani@contoso.com" });

        Assert.Contains("Global Administrator", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.GetProperty("fix").EnumerateArray(), s => s.GetProperty("kind").GetString() == "manual" && s.GetProperty("why").GetString()!.Contains("Remove the role assignments", StringComparison.Ordinal));
        Assert.DoesNotContain(body.GetProperty("fix").EnumerateArray(), s => s.GetProperty("kind").GetString() == "graph");
    }

    [Fact]
    public async Task Diagnose_ObjectTypeMismatch_NoImmutableIdWriteSuggested()
    {
        var body = await DiagnoseAsync(new { text = "ObjectTypeMismatch [ProxyAddresses SMTP:tax@contoso.com;]", user = "adele.vance@contoso.com" });

        Assert.Equal("ObjectTypeMismatch", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(ApiSteps(body, "PUT"));
        Assert.Contains("group or contact", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_DataValidationFailedWithoutAttribute_SaysNoAttributeIsNamed()
    {
        var body = await DiagnoseAsync(new { text = DataValidationText, user = "adele.vance@contoso.com" });

        Assert.Equal("DataValidationFailed", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("None", body.GetProperty("error").GetProperty("attribute").GetString());
        Assert.Contains("names no attribute", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Empty(ApiSteps(body, "PUT"));
    }

    [Fact]
    public async Task Diagnose_FederatedDomainChange_FixMovesTheUpnThroughOnMicrosoft()
    {
        var body = await DiagnoseAsync(new { text = FederatedText, user = "pradeep.gupta@fabrikam.com" });

        Assert.Equal("FederatedDomainChangeError", body.GetProperty("error").GetProperty("code").GetString());
        var graph = body.GetProperty("fix").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "graph").ToList();
        Assert.Equal(2, graph.Count);
        Assert.Contains("onmicrosoft.com", graph[0].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/v1.0/users/11111111-0000-4000-8000-000000000011", graph[0].GetProperty("path").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_NoUserNamed_GeneralMeaningAndAskForTheUser()
    {
        var body = await DiagnoseAsync(new { text = "ObjectTypeMismatch" });

        Assert.Equal(JsonValueKind.Null, body.GetProperty("user").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("status").ValueKind);
        Assert.Contains("No user was named", body.GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the printer is on fire")]
    [InlineData("*)(objectClass=*")]
    [InlineData("\u0000\u0001 ' or '1' eq '1")]
    public async Task Diagnose_UnknownText_422NotRecognisedWithWhatWasLookedFor(string text)
    {
        var response = await _client.PostAsJsonAsync("/api/diagnoses", new { text, user = "adele.vance@contoso.com" });

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SyncErrorNotRecognized", body.GetProperty("code").GetString());
        Assert.Contains(body.GetProperty("lookedFor").EnumerateArray(), l => l.GetString()!.StartsWith("InvalidSoftMatch", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{}", "ValidationFailed")]
    [InlineData("{\"text\":\"InvalidSoftMatch\",\"user\":\"not a user\"}", "InvalidUser")]
    [InlineData("[1,2]", "InvalidJson")]
    public async Task Diagnose_BadBody_400WithCode(string json, string code)
    {
        var response = await _client.PostAsync("/api/diagnoses", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Diagnose_WithoutReadRole_403()
    {
        var response = await _factory.CreateClientWithRoles(AppRoles.Write).PostAsJsonAsync("/api/diagnoses", new { text = "InvalidSoftMatch" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<JsonElement> DiagnoseAsync(object request)
    {
        var response = await _client.PostAsJsonAsync("/api/diagnoses", request);
        var body = await BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return body;
    }

    private static List<JsonElement> ApiSteps(JsonElement body, string method) =>
        body.GetProperty("fix").EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "api" && s.GetProperty("method").GetString() == method).ToList();

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }
}

/// <summary>The sandbox host of <see cref="DiagnosesEndpointTests"/> (one per class; each test reloads the tenant).</summary>
public sealed class DiagnosesFactory : StandaloneFactory;
