namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>A security group; a role-assignable one passes the roles assigned to it to its members.</summary>
/// <param name="Id">Object id.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="IsAssignableToRole">Whether directory roles can be assigned to it.</param>
/// <param name="Members">Object ids of direct members (users or groups).</param>
public sealed record SeedGroup(string Id, string DisplayName, bool IsAssignableToRole = false, IReadOnlyList<string>? Members = null);
