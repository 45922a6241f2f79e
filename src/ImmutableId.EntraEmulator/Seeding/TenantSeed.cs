namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>A tenant as a JSON file: what the emulator serves after start or <c>POST /_emulator/seed</c>.</summary>
/// <param name="TenantId">The tenant (directory) id; tokens are issued for it.</param>
/// <param name="DisplayName">The organisation's name.</param>
/// <param name="Size">
/// The user count used for the throttling tier (under 50, 50–500, over 500 users); null = the number of users loaded.
/// </param>
/// <param name="Domains">The tenant's domains (include the <c>*.onmicrosoft.com</c> one).</param>
/// <param name="Users">The users, in the order <c>/users</c> lists them.</param>
/// <param name="BulkUsers">Generated users (for load tests and benchmarks), appended after <paramref name="Users"/>.</param>
/// <param name="DeletedUsers">Soft-deleted users: not listed, but their UPN and immutable ID still conflict [I].</param>
/// <param name="Groups">Groups and their direct members.</param>
/// <param name="RoleAssignments">Active directory role assignments (to users, role-assignable groups or service principals).</param>
/// <param name="RoleEligibilities">PIM eligibilities.</param>
/// <param name="ServicePrincipals">Service principals (the Graph resource app, our managed identity…).</param>
/// <param name="AppRoleAssignments">Application permissions granted (principal → resource app role).</param>
/// <param name="SyncJobs">Cloud Sync jobs for provision on demand, with the AD users their agent sees.</param>
public sealed record TenantSeed(
    string TenantId,
    string? DisplayName = null,
    int? Size = null,
    IReadOnlyList<SeedDomain>? Domains = null,
    IReadOnlyList<SeedUser>? Users = null,
    IReadOnlyList<SeedBulkUsers>? BulkUsers = null,
    IReadOnlyList<SeedUser>? DeletedUsers = null,
    IReadOnlyList<SeedGroup>? Groups = null,
    IReadOnlyList<SeedRoleAssignment>? RoleAssignments = null,
    IReadOnlyList<SeedRoleAssignment>? RoleEligibilities = null,
    IReadOnlyList<SeedServicePrincipal>? ServicePrincipals = null,
    IReadOnlyList<SeedAppRoleAssignment>? AppRoleAssignments = null,
    IReadOnlyList<SeedSyncJob>? SyncJobs = null);
