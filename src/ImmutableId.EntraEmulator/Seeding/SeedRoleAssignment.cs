namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>An active role assignment or a PIM eligibility (Graph <c>unifiedRoleAssignment</c> / eligibility instance).</summary>
/// <param name="PrincipalId">A user, a role-assignable group or a service principal.</param>
/// <param name="RoleDefinitionId">The built-in role's id (= its template id).</param>
/// <param name="Id">The assignment id; generated when null.</param>
/// <param name="DirectoryScopeId"><c>/</c> for the whole tenant.</param>
public sealed record SeedRoleAssignment(string PrincipalId, string RoleDefinitionId, string? Id = null, string DirectoryScopeId = "/");
