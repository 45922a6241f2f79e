namespace ImmutableId.EntraEmulator.Graph;

/// <summary>The application permissions each endpoint accepts (least privileged first), as Graph documents them.</summary>
internal static class Permissions
{
    public static readonly string[] UserRead = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>[I] User.ReadUpdate.All is listed by Graph as least privileged for PATCH /users; accepted here too.</summary>
    public static readonly string[] UserWrite = ["User.ReadWrite.All", "User.ReadUpdate.All", "Directory.ReadWrite.All"];

    /// <summary>Clearing beta onPremisesObjectIdentifier (and source-of-authority changes); not a general user write.</summary>
    public static readonly string[] OnPremisesSyncBehaviorWrite = ["User-OnPremisesSyncBehavior.ReadWrite.All"];

    /// <summary>beta PATCH /users/{id}: a user write, or the sync-behaviour permission (the handler checks which property needs which).</summary>
    public static readonly string[] BetaUserWrite = [.. UserWrite, .. OnPremisesSyncBehaviorWrite];

    public static readonly string[] DomainRead = ["Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    public static readonly string[] RoleRead =
        ["RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All"];

    public static readonly string[] EligibilityRead =
        ["RoleEligibilitySchedule.Read.Directory", "RoleManagement.Read.Directory", "RoleManagement.Read.All", "RoleManagement.ReadWrite.Directory"];

    /// <summary>[I] transitiveMemberOf: User.Read.All is taken as enough, as for the user itself.</summary>
    public static readonly string[] MemberOfRead = ["User.Read.All", "User.ReadWrite.All", "GroupMember.Read.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    public static readonly string[] ApplicationRead = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];

    /// <summary>Cloud Sync provision on demand (application permission; Application.ReadWrite.OwnedBy also covers owned apps).</summary>
    public static readonly string[] SynchronizationWrite = ["Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy"];

    public static readonly string[] SynchronizationRead = ["Synchronization.Read.All", "Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy"];

    public static readonly string[] AppRoleGrant = ["AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All"];
}
