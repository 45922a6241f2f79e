namespace ImmutableId.Core.Entra;

/// <summary>How a user holds a directory role.</summary>
public enum RoleHoldingKind
{
    /// <summary>An active assignment (permanent or activated).</summary>
    Active,

    /// <summary>A PIM eligibility: the user can activate the role at will.</summary>
    Eligible,

    /// <summary>Through membership of a role-assignable group.</summary>
    ViaGroup,
}

/// <summary>A directory role the user holds.</summary>
/// <param name="RoleDefinitionId">The role definition (template) id, e.g. 62e90394-69f5-4237-9190-012177145e10 for Global Administrator.</param>
/// <param name="RoleName">The role's display name, when known.</param>
/// <param name="Kind">Active, eligible, or through a group.</param>
/// <param name="GroupId">The role-assignable group, for <see cref="RoleHoldingKind.ViaGroup"/>.</param>
public sealed record RoleHolding(string RoleDefinitionId, string? RoleName, RoleHoldingKind Kind, string? GroupId = null);
