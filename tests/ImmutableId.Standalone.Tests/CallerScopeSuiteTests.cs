using System.Net;
using System.Text;
using System.Text.Json;
using ImmutableId.Api.Auth;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// A scoped caller never sees or touches a user outside its scope, whatever name it uses: status, set, clear and
/// their dry runs answer 403 OutOfCallerScope without any detail of the user, nothing reaches Graph's write path,
/// and the audit records of such users are hidden from it.
/// </summary>
public sealed class CallerScopeSuiteTests(WritePathFactory factory) : IClassFixture<WritePathFactory>
{
    private const string Adele = "adele.vance@contoso.com";
    private const string AdeleAnchor = "9+XToSwLbk2PEBorPE1eAQ==";
    private const string Diego = "diego.siciliani@contoso.com";
    private const string DiegoAnchor = "9+XToSwLbk2PEBorPE1eBw==";

    private static string Guid(string anchor) => new System.Guid(Convert.FromBase64String(anchor)).ToString();

    public static TheoryData<string, string, string> Calls()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var app in new[] { WritePathFactory.FabrikamApp, WritePathFactory.SalesOuApp })
        {
            foreach (var name in new[] { Adele, Adele.ToUpperInvariant(), Guid(AdeleAnchor), "{" + Guid(AdeleAnchor) + "}", Guid(DiegoAnchor), Diego })
            {
                foreach (var call in new[] { "GET", "PUT", "PUT?dryRun=true", "DELETE", "DELETE?dryRun=true" })
                {
                    data.Add(app, name, call);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task UserOutsideTheCallersScope_AnyNameAnyCall_Answers403OutOfCallerScopeWithoutDetail(string app, string name, string call)
    {
        var client = factory.ClientFor(app);
        var before = factory.Emulator.RequestLog.WithMethod("PATCH").Count;
        var parts = call.Split('?');
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), $"/api/users/{Uri.EscapeDataString(name)}/immutable-id" + (parts.Length > 1 ? "?" + parts[1] : string.Empty));
        if (parts[0] != "GET")
        {
            request.Content = new StringContent("{\"ticket\":\"INC-SCOPE\",\"reason\":\"scope test\"}", Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal("OutOfCallerScope", doc.RootElement.GetProperty("code").GetString());
        Assert.DoesNotContain(AdeleAnchor, body, StringComparison.Ordinal);
        Assert.DoesNotContain(DiegoAnchor, body, StringComparison.Ordinal);
        Assert.DoesNotContain("Global Administrator", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("PrivilegedTarget", body, StringComparison.Ordinal);
        Assert.DoesNotContain("OU=Staff", body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, factory.Emulator.RequestLog.WithMethod("PATCH").Count);
    }

    [Fact]
    public async Task UserInsideTheCallersScope_ByObjectGuid_IsServed()
    {
        var client = factory.ClientFor(WritePathFactory.FabrikamApp);
        var pradeep = Guid("9+XToSwLbk2PEBorPE1eEQ==");

        var response = await client.GetAsync($"/api/users/{pradeep}/immutable-id");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("pradeep.gupta@fabrikam.com", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OperationsOfAUserOutsideTheScope_AreHiddenFromTheScopedCaller()
    {
        var admin = factory.CreateClientWithRoles(AppRoles.Read, AppRoles.Write);
        var dryRun = await admin.PutAsync($"/api/users/{Adele}/immutable-id?dryRun=true", new StringContent("{\"ticket\":\"INC-HIDE\"}", Encoding.UTF8, "application/json"));
        var operationId = dryRun.Headers.GetValues("X-Operation-Id").Single();
        var scoped = factory.ClientFor(WritePathFactory.FabrikamApp);

        var list = await scoped.GetAsync("/api/operations?ticket=INC-HIDE");
        var one = await scoped.GetAsync($"/api/operations/{operationId}");
        var adminList = await admin.GetAsync("/api/operations?ticket=INC-HIDE");

        using var listBody = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(0, listBody.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, one.StatusCode);
        using var adminBody = JsonDocument.Parse(await adminList.Content.ReadAsStringAsync());
        Assert.Equal(1, adminBody.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task OutOfScopeWrite_IsAuditedWithTheTicketAndReasonAndTheRealTarget()
    {
        var scoped = factory.ClientFor(WritePathFactory.FabrikamApp);

        var response = await scoped.PutAsync($"/api/users/{Guid(AdeleAnchor)}/immutable-id", new StringContent("{\"ticket\":\"INC-AUD\",\"reason\":\"why\"}", Encoding.UTF8, "application/json"));

        var operationId = response.Headers.GetValues("X-Operation-Id").Single();
        var record = await factory.CreateClientWithRoles(AppRoles.Read).GetAsync($"/api/operations/{operationId}");
        using var doc = JsonDocument.Parse(await record.Content.ReadAsStringAsync());
        Assert.Equal("refused", doc.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("INC-AUD", doc.RootElement.GetProperty("ticket").GetString());
        Assert.Equal("why", doc.RootElement.GetProperty("reason").GetString());
        Assert.Equal(Adele, doc.RootElement.GetProperty("target").GetProperty("userPrincipalName").GetString());
        Assert.Equal("OutOfCallerScope", doc.RootElement.GetProperty("error").GetString());
    }
}
