namespace ImmutableId.EntraEmulator.State;

/// <summary>The built-in directory roles the emulator knows, with their real (template) ids.</summary>
internal static class BuiltInRoles
{
    public const string GlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
    public const string PrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    public const string PrivilegedAuthenticationAdministrator = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
    public const string UserAdministrator = "fe930be7-5e62-47db-91af-98c3a49a38b1";
    public const string HelpdeskAdministrator = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    public const string DirectoryReaders = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
    public const string HybridIdentityAdministrator = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2";

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [GlobalAdministrator] = "Global Administrator",
        [PrivilegedRoleAdministrator] = "Privileged Role Administrator",
        [PrivilegedAuthenticationAdministrator] = "Privileged Authentication Administrator",
        [UserAdministrator] = "User Administrator",
        [HelpdeskAdministrator] = "Helpdesk Administrator",
        [DirectoryReaders] = "Directory Readers",
        [HybridIdentityAdministrator] = "Hybrid Identity Administrator",
    };

    /// <summary>
    /// Roles whose holders may change sensitive properties of any user, privileged ones included
    /// (learn.microsoft.com/graph/api/resources/users#sensitive-actions: Privileged Authentication Administrator
    /// and Global Administrator cover all targets).
    /// </summary>
    public static bool CoversAllSensitiveTargets(string roleDefinitionId) =>
        string.Equals(roleDefinitionId, GlobalAdministrator, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(roleDefinitionId, PrivilegedAuthenticationAdministrator, StringComparison.OrdinalIgnoreCase);

    /// <summary>The caller roles that may clear beta onPremisesObjectIdentifier: Global or Hybrid Identity Administrator (entra-rules.md).</summary>
    public static bool MayClearObjectIdentifier(string roleDefinitionId) =>
        string.Equals(roleDefinitionId, GlobalAdministrator, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(roleDefinitionId, HybridIdentityAdministrator, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a target holding this role is "privileged" for sensitive actions. [I] The real rule is a matrix per
    /// caller role; the emulator treats every role except Directory Readers as privileged.
    /// </summary>
    public static bool IsPrivileged(string roleDefinitionId) =>
        !string.Equals(roleDefinitionId, DirectoryReaders, StringComparison.OrdinalIgnoreCase);
}
