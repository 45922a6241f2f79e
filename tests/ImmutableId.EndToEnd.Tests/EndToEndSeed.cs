extern alias EntraEmulator;

using EntraEmulator::ImmutableId.EntraEmulator.Seeding;

namespace ImmutableId.EndToEnd.Tests;

/// <summary>
/// The cloud side of the end-to-end tests: the emulator's demo tenant plus cloud users whose UPNs match the users
/// tests/servers/samba seeds in AD, each set up for one guardrail.
/// </summary>
internal static class EndToEndSeed
{
    public const string Realm = "corp.contoso.test";

    // Happy paths (cloud-only, no immutable ID).
    public const string Adele = "adele.vance@contoso.com";          // objectGUID anchor
    public const string Alex = "alex.wilber@contoso.com";           // dry run, lookup by objectGUID
    public const string Megan = "megan.o'brien@contoso.com";        // apostrophe
    public const string Carla = "carla.guid@corp.contoso.test";     // mS-DS-ConsistencyGuid 000102…0f
    public const string CarlaConsistencyImmutableId = "AAECAwQFBgcICQoLDA0ODw==";

    // One guardrail each.
    public const string Synced = "john.doe@corp.contoso.test";
    public const string AlreadySet = "shared.one@corp.contoso.test";
    public const string AlreadySetValue = "q83vASNFZ4mrze8BI0VniQ==";
    public const string Linked = "shared.two@corp.contoso.test";
    public const string Disabled = "dora.disabled@corp.contoso.test";
    public const string Protected = "adam.admin@corp.contoso.test";
    public const string OtherOu = "olga.other@corp.contoso.test";
    public const string Active = "greta.active@corp.contoso.test";
    public const string Eligible = "eli.eligible@corp.contoso.test";
    public const string ViaGroup = "gil.group@corp.contoso.test";
    public const string InUse = "ana.inuse@corp.contoso.test";      // mS-DS-ConsistencyGuid 101112…1f
    public const string InUseValue = "EBESExQVFhcYGRobHB0eHw==";
    public const string Holder = "holder@corp.contoso.test";        // holds InUseValue
    public const string Federated = "fred.federated@fabrikam.test";
    public const string Guest = "gus.guest@corp.contoso.test";
    public const string OutsideDomain = "otto.outside@outside.test";
    public const string Nobody = "nobody@corp.contoso.test";
    public const string Twin = "twin@contoso.com";                  // two AD objects share this UPN (LDIF fixture)
    public const string GuestExt = "joni_outlook.com#EXT#@contoso.onmicrosoft.com";

    public const string AllowedOu = "OU=Staff,OU=ImmutableId,DC=corp,DC=contoso,DC=test";

    private const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    private const string PrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    private const string HelpdeskAdministrator = "729827e3-9c14-49f7-bb1b-9608f156bbb8";

    public static TenantSeed Create()
    {
        var demo = SeedJson.Demo();
        static string Id(int n) => $"eeeeeeee-0000-4000-8000-{n:D12}";
        SeedUser[] users =
        [
            new(Id(1), Carla, "Carla Guid"),
            new(Id(2), Synced, "John Doe", OnPremisesSyncEnabled: true, OnPremisesImmutableId: "3q2+796tvu/erb7v3q2+7w==", OnPremisesLastSyncDateTime: DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            new(Id(3), AlreadySet, "Shared One", OnPremisesImmutableId: AlreadySetValue),
            new(Id(4), Linked, "Shared Two", OnPremisesObjectIdentifier: "0f0e0d0c-0b0a-0908-0706-050403020100"),
            new(Id(5), Disabled, "Dora Disabled"),
            new(Id(6), Protected, "Adam Admin"),
            new(Id(7), OtherOu, "Olga Other"),
            new(Id(8), Active, "Greta Active"),
            new(Id(9), Eligible, "Eli Eligible"),
            new(Id(10), ViaGroup, "Gil Group"),
            new(Id(11), InUse, "Ana InUse"),
            new(Id(12), Holder, "Holder", OnPremisesImmutableId: InUseValue),
            new(Id(13), Federated, "Fred Federated"),
            new(Id(14), Guest, "Gus Guest", UserType: "Guest"),
            new(Id(15), OutsideDomain, "Otto Outside"),
            new(Id(16), Twin, "Twin"),
        ];
        return demo with
        {
            Domains = [.. demo.Domains ?? [], new SeedDomain(Realm), new SeedDomain("fabrikam.test", "Federated"), new SeedDomain("outside.test")],
            Users = [.. demo.Users ?? [], .. users],
            Groups = [.. demo.Groups ?? [], new SeedGroup("eeeeeeee-1111-4000-8000-000000000001", "E2E Helpdesk (role-assignable)", true, [Id(10)])],
            RoleAssignments =
            [
                .. demo.RoleAssignments ?? [],
                new SeedRoleAssignment(Id(8), GlobalAdministrator, "eeeeeeee-2222-4000-8000-000000000001"),
                new SeedRoleAssignment("eeeeeeee-1111-4000-8000-000000000001", HelpdeskAdministrator, "eeeeeeee-2222-4000-8000-000000000002"),
            ],
            RoleEligibilities = [.. demo.RoleEligibilities ?? [], new SeedRoleAssignment(Id(9), PrivilegedRoleAdministrator, "eeeeeeee-3333-4000-8000-000000000001")],
        };
    }
}
