extern alias EntraEmulator;

using System.Net;
using System.Text;

namespace ImmutableId.Agent.Tests;

/// <summary>
/// The agent process reading an LDIF export → the Standalone host in mode Agent (SQLite, and Azure Tables on Azurite)
/// → the emulator: a posted user is found by status and hard-matched with Base64(objectGUID); a second run is a delta
/// that re-posts nothing; a new export (a user gone, a UPN renamed) is a full pass that removes and renames.
/// </summary>
public sealed class AgentLdifEndToEndTests
{
    private const string Staff = "OU=Staff,DC=contoso,DC=com";
    private static readonly Guid AdeleGuid = Guid.Parse("6a1f0c9e-2b7d-4e38-9a51-0c2d3e4f5a6b");
    private static readonly Guid GoneGuid = Guid.Parse("7b2e1d0f-3c8e-4f49-8b62-1d3e4f5a6b7c");
    private static readonly Guid RenamedGuid = Guid.Parse("8c3f2e1a-4d9f-4a5a-9c73-2e4f5a6b7c8d");

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("AzureTables")]
    public async Task Agent_LdifExport_PostsResumesAndFollowsChanges(string storage)
    {
        await using var host = await AgentHost.StartAsync(storage, [Staff], ["contoso.com"], []);
        var ldif = Path.Combine(host.Folder, "export.ldif");
        await File.WriteAllTextAsync(ldif, Ldif(
            (AdeleGuid, "Adele Vance", "adele.vance@contoso.com", Staff),
            (GoneGuid, "Gone User", "gone.user@contoso.com", Staff),
            (RenamedGuid, "Ren Amed", "ren.amed@contoso.com", Staff),
            (Guid.NewGuid(), "Out Side", "out.side@contoso.com", "OU=Sales,DC=contoso,DC=com")));
        var settings = host.AgentSettings(new Dictionary<string, string>
        {
            ["Agent:Source"] = "Ldif", ["Agent:LdifPath"] = ldif, ["OnPrem:BaseDns:0"] = Staff,
        });

        var first = await AgentProcess.RunOnceAsync(settings);
        var (status, body) = await host.StatusAsync("adele.vance@contoso.com");
        var put = await host.Client.PutAsync("/api/users/adele.vance@contoso.com/immutable-id", null);
        var second = await AgentProcess.RunOnceAsync(settings);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal(("full", 3), (first.Kind, first.Entries));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("agent", body.GetProperty("onPrem").GetProperty("source").GetString());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(Convert.ToBase64String(AdeleGuid.ToByteArray()), host.Emulator.FindUser("adele.vance@contoso.com")!.OnPremisesImmutableId);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(("delta", 0), (second.Kind, second.Entries)); // resumed: nothing re-posted

        await File.WriteAllTextAsync(ldif, Ldif(
            (AdeleGuid, "Adele Vance", "adele.vance@contoso.com", Staff),
            (RenamedGuid, "Ren Amed", "ren.renamed@contoso.com", Staff)));
        File.SetLastWriteTimeUtc(ldif, DateTime.UtcNow.AddMinutes(1));
        var third = await AgentProcess.RunOnceAsync(settings);
        var (goneStatus, _) = await host.StatusAsync(GoneGuid.ToString());
        var (_, renamed) = await host.StatusAsync(RenamedGuid.ToString());
        var (oldNameStatus, _) = await host.StatusAsync("ren.amed@contoso.com");

        Assert.True(third.ExitCode == 0, third.Output);
        Assert.Equal(("full", 2), (third.Kind, third.Entries));
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        Assert.Equal("ren.renamed@contoso.com", renamed.GetProperty("onPrem").GetProperty("userPrincipalName").GetString());
        Assert.Equal(HttpStatusCode.NotFound, oldNameStatus); // no AD user (and no cloud user) has the old UPN any more
    }

    private static string Ldif(params (Guid Guid, string Name, string Upn, string Ou)[] users)
    {
        var text = new StringBuilder("version: 1\n\n");
        foreach (var (guid, name, upn, ou) in users)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"dn: CN={name},{ou}\nobjectClass: top\nobjectClass: person\nobjectClass: user\n")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"objectGUID:: {Convert.ToBase64String(guid.ToByteArray())}\nuserPrincipalName: {upn}\nsAMAccountName: {upn.Split('@')[0]}\nuserAccountControl: 512\n\n");
        }

        return text.ToString();
    }
}
