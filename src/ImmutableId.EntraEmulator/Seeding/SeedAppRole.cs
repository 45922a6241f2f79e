namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>An application permission a resource exposes, e.g. Microsoft Graph's <c>User.ReadWrite.All</c>.</summary>
public sealed record SeedAppRole(string Id, string Value, string? DisplayName = null);
