using System.Diagnostics;
using ImmutableId.Testing;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>Reads AD with the ldapsearch tool, independently of the product's LDAP code.</summary>
internal static class Ldapsearch
{
    /// <summary>The Base64 value of <paramref name="attribute"/> (as ldapsearch prints binary values) of the user with this UPN.</summary>
    public static async Task<string?> ReadBase64Async(SambaSettings samba, string userPrincipalName, string attribute)
    {
        var filter = "(userPrincipalName=" + userPrincipalName.Replace("\\", "\\5c", StringComparison.Ordinal).Replace("*", "\\2a", StringComparison.Ordinal)
            .Replace("(", "\\28", StringComparison.Ordinal).Replace(")", "\\29", StringComparison.Ordinal) + ")";
        var start = new ProcessStartInfo("ldapsearch")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-x", "-LLL", "-o", "ldif-wrap=no", "-H", $"ldap://{samba.Host}", "-D", samba.BindUser, "-w", samba.BindPassword, "-b", samba.TestOu, filter, attribute })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ldapsearch failed: {await process.StandardError.ReadToEndAsync()}");
        var prefix = attribute + ":: ";
        return output.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))?[prefix.Length..];
    }
}
