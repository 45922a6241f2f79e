extern alias EntraEmulator;

using System.Net;
using System.Text.Json;
using EntraEmulator::ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.Agent.Tests;

/// <summary>
/// The agent process against the real Samba AD DC (LDAPS, real LDAP) → the Standalone host in mode Agent (SQLite, and
/// Azure Tables on Azurite) → the emulator: a user added with ldapadd is seen after a delta and hard-matched with
/// Base64(objectGUID) as ldapsearch prints it; a UPN rename follows; a deletion disappears only after a full pass; a
/// restarted agent resumes from its high-water mark and re-posts nothing. Each run uses its own OU.
/// </summary>
public sealed class AgentSambaEndToEndTests
{
    private const string Realm = "corp.contoso.test";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("AzureTables")]
    public async Task Agent_SambaChanges_FollowedByDeltasAndFullPass(string storage)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ou = $"OU=Agent-{tag},{SambaDirectory.TestOu}";
        var hire1 = $"hire1.{tag}@{Realm}";
        var hire2 = $"hire2.{tag}@{Realm}";
        var renamed = $"hire1r.{tag}@{Realm}";
        SeedUser[] cloud = [new(Guid.NewGuid().ToString(), hire1, "Hire One"), new(Guid.NewGuid().ToString(), hire2, "Hire Two"), new(Guid.NewGuid().ToString(), renamed, "Hire One Renamed")];
        await using var host = await AgentHost.StartAsync(storage, [ou], [Realm], cloud, [Realm]);
        await SambaDirectory.RunAsync("ldapadd", $"dn: {ou}\nobjectClass: organizationalUnit\n\n" + SambaDirectory.User($"h1{tag}", ou, hire1));
        try
        {
            var settings = host.AgentSettings(SambaDirectory.AgentLdapSettings(ou));

            // First run: a full pass.
            var full = await AgentProcess.RunOnceAsync(settings);
            Assert.True(full.ExitCode == 0, full.Output);
            Assert.Equal(("full", 1), (full.Kind, full.Entries));
            var (status, body) = await host.StatusAsync(hire1);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("agent", body.GetProperty("onPrem").GetProperty("source").GetString());
            var put = await host.Client.PutAsync($"/api/users/{hire1}/immutable-id", null);
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
            Assert.Equal(await SambaDirectory.ObjectGuidBase64Async(ou, hire1), host.Emulator.FindUser(hire1)!.OnPremisesImmutableId);

            // ldapadd a user: the next delta posts it, and only it.
            await SambaDirectory.RunAsync("ldapadd", SambaDirectory.User($"h2{tag}", ou, hire2));
            var added = await AgentProcess.RunOnceAsync(settings);
            Assert.Equal(("delta", 1), (added.Kind, added.Entries));
            Assert.Equal(JsonValueKind.Object, (await host.StatusAsync(hire2)).Body.GetProperty("onPrem").ValueKind);

            // A UPN renamed in AD follows.
            await SambaDirectory.RunAsync("ldapmodify", $"dn: CN=h1{tag},{ou}\nchangetype: modify\nreplace: userPrincipalName\nuserPrincipalName: {renamed}\n\n");
            var rename = await AgentProcess.RunOnceAsync(settings);
            Assert.Equal(("delta", 1), (rename.Kind, rename.Entries));
            var (_, afterRename) = await host.StatusAsync(renamed);
            Assert.Equal(body.GetProperty("onPrem").GetProperty("objectGuid").GetGuid(), afterRename.GetProperty("onPrem").GetProperty("objectGuid").GetGuid());
            Assert.Equal(JsonValueKind.Null, (await host.StatusAsync(hire1)).Body.GetProperty("onPrem").ValueKind);

            // A deletion: a delta cannot see it; the next full pass removes it.
            await SambaDirectory.RunAsync("ldapdelete", null, $"CN=h2{tag},{ou}");
            var delta = await AgentProcess.RunOnceAsync(settings);
            Assert.Equal(("delta", 0), (delta.Kind, delta.Entries));
            Assert.Equal(JsonValueKind.Object, (await host.StatusAsync(hire2)).Body.GetProperty("onPrem").ValueKind);
            var sweep = await AgentProcess.RunOnceAsync(new Dictionary<string, string>(settings) { ["Agent:DeltaInterval"] = "00:00:01", ["Agent:FullPassInterval"] = "00:00:01" });
            Assert.Equal(("full", 1), (sweep.Kind, sweep.Entries));
            Assert.Equal(JsonValueKind.Null, (await host.StatusAsync(hire2)).Body.GetProperty("onPrem").ValueKind);

            // A restarted agent resumes from its high-water mark: nothing is re-posted.
            var restart = await AgentProcess.RunOnceAsync(settings);
            Assert.Equal(("delta", 0), (restart.Kind, restart.Entries));
        }
        finally
        {
            await SambaDirectory.RunAsync("ldapdelete", null, "-r", ou);
        }
    }
}
