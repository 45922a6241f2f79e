namespace ImmutableId.EntraEmulator.Tests;

/// <summary>Ids of the demo seed's users (see the emulator README).</summary>
internal static class DemoUsers
{
    public const string Adele = "11111111-0000-4000-8000-000000000001";
    public const string Alex = "11111111-0000-4000-8000-000000000002";
    public const string Megan = "11111111-0000-4000-8000-000000000003";
    public const string LeeSynced = "11111111-0000-4000-8000-000000000005";
    public const string NestorWithImmutableId = "11111111-0000-4000-8000-000000000006";
    public const string DiegoGlobalAdmin = "11111111-0000-4000-8000-000000000007";
    public const string IsaiahEligible = "11111111-0000-4000-8000-000000000008";
    public const string LynneViaGroup = "11111111-0000-4000-8000-000000000009";
    public const string JoniGuest = "11111111-0000-4000-8000-000000000010";
    public const string PradeepFederated = "11111111-0000-4000-8000-000000000011";
    public const string HelpdeskGroup = "22222222-0000-4000-8000-000000000001";
    public const string NestorImmutableId = "yYuRNW0Z6kCXeYidebdT8A==";
    public const string DeletedUserImmutableId = "fUwemj8rWk6MbR8uOktcbQ==";
}
