namespace ImmutableId.EntraEmulator.State;

/// <summary>An application permission granted to a principal.</summary>
internal sealed record AppRoleAssignmentEntity(string Id, string PrincipalId, string ResourceId, string AppRoleId, DateTimeOffset CreatedDateTime);
