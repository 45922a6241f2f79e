using System.Diagnostics;

namespace ImmutableId.Agent.Tests;

/// <summary>The Samba AD DC of tests/servers/samba (its SAMBA_* variables), changed with the OpenLDAP tools, independently of the product's code.</summary>
internal static class SambaDirectory
{
    public static string Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException(
            $"{name} is not set: these tests need the Samba AD DC. Run them under the server lock: flock /tmp/immutableid-servers.lock ./test.sh --filter FullyQualifiedName~AgentSamba.");

    public static string Host => Get("SAMBA_LDAP_HOST");

    public static string TestOu => Get("SAMBA_TEST_OU");

    public static string BindUser => Get("SAMBA_BIND_USER");

    public static string BindPassword => Get("SAMBA_BIND_PASSWORD");

    public static string CaCert => Get("SAMBA_CA_CERT");

    /// <summary>The agent's LDAPS settings for the DC, reading <paramref name="baseDn"/>.</summary>
    public static Dictionary<string, string> AgentLdapSettings(string baseDn) => new()
    {
        ["Agent:Source"] = "Ldap",
        ["OnPrem:Server"] = Host,
        ["OnPrem:Port"] = "636",
        ["OnPrem:Transport"] = "Ldaps",
        ["OnPrem:TrustedCaPath"] = CaCert,
        ["OnPrem:BindMode"] = "Simple",
        ["OnPrem:BindUserName"] = BindUser,
        ["OnPrem:BindPassword"] = BindPassword,
        ["OnPrem:BaseDns:0"] = baseDn,
    };

    /// <summary>ldapadd / ldapmodify / ldapdelete with the Administrator bind.</summary>
    public static async Task<string> RunAsync(string tool, string? ldif, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-x", "-o", "nettimeout=20", "-H", $"ldap://{Host}", "-D", BindUser, "-w", BindPassword }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        if (ldif is not null)
        {
            await process.StandardInput.WriteAsync(ldif);
        }

        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error}");
        return output;
    }

    /// <summary>objectGUID as ldapsearch prints it (Base64: the ImmutableId) of the user with this UPN under <paramref name="baseDn"/>.</summary>
    public static async Task<string> ObjectGuidBase64Async(string baseDn, string upn)
    {
        var output = await RunAsync("ldapsearch", null, "-LLL", "-o", "ldif-wrap=no", "-b", baseDn, $"(userPrincipalName={upn})", "objectGUID");
        return output.Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.StartsWith("objectGUID:: ", StringComparison.Ordinal))["objectGUID:: ".Length..];
    }

    public static string User(string cn, string parent, string upn) =>
        $"dn: CN={cn},{parent}\nobjectClass: user\nsAMAccountName: {cn}\nuserPrincipalName: {upn}\nuserAccountControl: 544\n\n";
}
