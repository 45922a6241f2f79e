namespace ImmutableId.EntraEmulator.Tests;

/// <summary>The demo seed's ids (<see cref="DemoTenant.Users"/>) plus the values these tests add.</summary>
internal static class DemoUsers
{
    public const string Adele = DemoTenant.Users.Adele;
    public const string Alex = DemoTenant.Users.Alex;
    public const string Megan = DemoTenant.Users.Megan;
    public const string LeeSynced = DemoTenant.Users.LeeSynced;
    public const string NestorWithImmutableId = DemoTenant.Users.NestorWithImmutableId;
    public const string DiegoGlobalAdmin = DemoTenant.Users.DiegoGlobalAdmin;
    public const string IsaiahEligible = DemoTenant.Users.IsaiahEligible;
    public const string LynneViaGroup = DemoTenant.Users.LynneViaGroup;
    public const string JoniGuest = DemoTenant.Users.JoniGuest;
    public const string PradeepFederated = DemoTenant.Users.PradeepFederated;
    public const string HelpdeskGroup = DemoTenant.Users.HelpdeskGroup;
    public const string NestorImmutableId = DemoTenant.Users.NestorImmutableId;
    public const string DeletedUserImmutableId = "fUwemj8rWk6MbR8uOktcbQ==";
}
