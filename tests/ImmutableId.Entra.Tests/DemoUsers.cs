using ImmutableId.EntraEmulator;

namespace ImmutableId.Entra.Tests;

/// <summary>The demo seed's ids (<see cref="DemoTenant.Users"/>) plus the values these tests add.</summary>
internal static class DemoUsers
{
    public const string Adele = DemoTenant.Users.Adele;
    public const string LeeSynced = DemoTenant.Users.LeeSynced;
    public const string NestorWithImmutableId = DemoTenant.Users.NestorWithImmutableId;
    public const string DiegoGlobalAdmin = DemoTenant.Users.DiegoGlobalAdmin;
    public const string IsaiahEligible = DemoTenant.Users.IsaiahEligible;
    public const string LynneViaGroup = DemoTenant.Users.LynneViaGroup;
    public const string JoniGuest = DemoTenant.Users.JoniGuest;
    public const string PradeepFederated = DemoTenant.Users.PradeepFederated;
    public const string HelpdeskGroup = DemoTenant.Users.HelpdeskGroup;
    public const string NestorImmutableId = DemoTenant.Users.NestorImmutableId;
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string PrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    public const string HelpdeskAdministrator = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    public const string Anchor = "AAECAwQFBgcICQoLDA0ODw==";
}
