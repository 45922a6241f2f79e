namespace ImmutableId.Entra.Tests;

/// <summary>Ids of the emulator demo seed's users (src/ImmutableId.EntraEmulator/README.md).</summary>
internal static class DemoUsers
{
    public const string Adele = "11111111-0000-4000-8000-000000000001";
    public const string LeeSynced = "11111111-0000-4000-8000-000000000005";
    public const string NestorWithImmutableId = "11111111-0000-4000-8000-000000000006";
    public const string DiegoGlobalAdmin = "11111111-0000-4000-8000-000000000007";
    public const string IsaiahEligible = "11111111-0000-4000-8000-000000000008";
    public const string LynneViaGroup = "11111111-0000-4000-8000-000000000009";
    public const string JoniGuest = "11111111-0000-4000-8000-000000000010";
    public const string PradeepFederated = "11111111-0000-4000-8000-000000000011";
    public const string HelpdeskGroup = "22222222-0000-4000-8000-000000000001";
    public const string NestorImmutableId = "yYuRNW0Z6kCXeYidebdT8A==";
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string PrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    public const string HelpdeskAdministrator = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    public const string Anchor = "AAECAwQFBgcICQoLDA0ODw==";
}
