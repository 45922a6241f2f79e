extern alias EntraEmulator;

using System.Text;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;
using SeedBulkUsers = EntraEmulator::ImmutableId.EntraEmulator.Seeding.SeedBulkUsers;
using SeedJson = EntraEmulator::ImmutableId.EntraEmulator.Seeding.SeedJson;
using TenantSeed = EntraEmulator::ImmutableId.EntraEmulator.Seeding.TenantSeed;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// A tenant of a few hundred users for bulk jobs: the emulator's demo tenant plus <see cref="Count"/> generated cloud
/// users bulk000001…@contoso.com, and an LDIF directory (the demo directory plus an AD object per generated user) laid
/// out so that every generated user's expected outcome is known from its number (<see cref="Expected"/>).
/// </summary>
internal static class JobsTenant
{
    public const int Count = 300;
    public const string Domain = "contoso.com";

    /// <summary>The seed: the demo tenant plus the generated users (every 25th with an immutable ID already).</summary>
    public static TenantSeed Seed() => SeedJson.Demo() with { BulkUsers = [new SeedBulkUsers(Count, Domain, "bulk", WithImmutableIdEvery: 25)] };

    /// <summary>A UPN two AD objects carry.</summary>
    public const string AmbiguousUpn = "twin@contoso.com";

    public static string Upn(int n) => $"bulk{n:D6}@{Domain}";

    /// <summary>The generated user's AD objectGUID (unless it is the one already written in the cloud).</summary>
    public static Guid ObjectGuid(int n) => Guid.Parse($"aaaaaaaa-0000-4000-8000-{n:D12}");

    /// <summary>What a set job must answer for generated user <paramref name="n"/>: the status and the blocking code.</summary>
    public static (string Status, string? Code) Expected(int n) => n switch
    {
        _ when n % 10 == 3 => ("refused", "OnPremUserNotFound"),
        _ when n % 10 == 7 => ("refused", "OutOfScope"),
        _ when n % 50 == 11 => ("refused", "OnPremAccountDisabled"),
        _ when n % 50 == 21 => ("refused", "ProtectedOnPremAccount"),
        _ when n % 50 == 0 => ("noChange", null),
        _ when n % 25 == 0 => ("refused", "ImmutableIdAlreadySet"),
        _ => ("succeeded", null),
    };

    /// <summary>The demo directory plus one AD object per generated user that has one; reads the cloud's existing values from the running emulator.</summary>
    public static string Ldif(EmulatorHost emulator)
    {
        var demo = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "demo-directory.ldif"));
        var ldif = new StringBuilder(demo.TrimEnd()).Append("\n\n");
        for (var n = 1; n <= Count; n++)
        {
            if (n % 10 == 3)
            {
                continue;
            }

            var guid = n % 50 == 0
                ? new Guid(Convert.FromBase64String(emulator.FindUser(Upn(n))!.OnPremisesImmutableId!))
                : ObjectGuid(n);
            var ou = n % 10 == 7 ? "OU=Contractors,DC=contoso,DC=com" : "OU=Staff,DC=contoso,DC=com";
            ldif.Append("dn: CN=Bulk User ").Append(n).Append(',').Append(ou).Append('\n')
                .Append("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n")
                .Append("objectGUID:: ").Append(Convert.ToBase64String(guid.ToByteArray())).Append('\n')
                .Append("sAMAccountName: bulk").Append(n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
                .Append("userPrincipalName: ").Append(Upn(n)).Append('\n')
                .Append("userAccountControl: ").Append(n % 50 == 11 ? "514" : "512").Append('\n');
            if (n % 50 == 21)
            {
                ldif.Append("adminCount: 1\n");
            }

            ldif.Append("whenChanged: 20260101120000.0Z\n\n");
        }

        // Two AD objects with one UPN: a lookup by it is ambiguous.
        foreach (var twin in new[] { 1, 2 })
        {
            ldif.Append("dn: CN=Twin ").Append(twin).Append(",OU=Staff,DC=contoso,DC=com\n")
                .Append("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\n")
                .Append("objectGUID:: ").Append(Convert.ToBase64String(Guid.Parse($"bbbbbbbb-0000-4000-8000-00000000000{twin}").ToByteArray())).Append('\n')
                .Append("sAMAccountName: twin").Append(twin).Append('\n')
                .Append("userPrincipalName: ").Append(AmbiguousUpn).Append("\nuserAccountControl: 512\nwhenChanged: 20260101120000.0Z\n\n");
        }

        return ldif.ToString();
    }
}
