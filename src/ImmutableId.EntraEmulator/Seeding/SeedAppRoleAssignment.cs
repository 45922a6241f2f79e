namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>An application permission granted: <paramref name="PrincipalId"/> holds <paramref name="AppRoleId"/> on <paramref name="ResourceId"/>.</summary>
public sealed record SeedAppRoleAssignment(string PrincipalId, string ResourceId, string AppRoleId, string? Id = null);
