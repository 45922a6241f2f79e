using System.Globalization;
using System.Text;

namespace ImmutableId.Benchmarks;

/// <summary>The demo LDIF plus N generated users in the same OU (a directory of realistic size for the lookups).</summary>
internal static class BenchDirectory
{
    /// <summary>Writes the directory; returns how many entries it holds.</summary>
    public static int Write(string path, string demoPath, int extraUsers)
    {
        var demo = File.ReadAllText(demoPath);
        var demoEntries = demo.Split('\n').Count(l => l.StartsWith("dn:", StringComparison.Ordinal));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write(demo);
        for (var i = 0; i < extraUsers; i++)
        {
            var guid = Convert.ToBase64String(new Guid(0x0b000000 + i, 0, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1).ToByteArray());
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"""

                dn: CN=Bench User {i},OU=Staff,DC=contoso,DC=com
                objectClass: top
                objectClass: person
                objectClass: organizationalPerson
                objectClass: user
                objectGUID:: {guid}
                sAMAccountName: bench{i}
                userPrincipalName: bench.user{i}@contoso.com
                mail: bench.user{i}@contoso.com
                proxyAddresses: SMTP:bench.user{i}@contoso.com
                userAccountControl: 512

                """));
        }

        return demoEntries + extraUsers;
    }
}
