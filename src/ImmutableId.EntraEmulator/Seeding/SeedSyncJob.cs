namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>
/// A Microsoft Entra Cloud Sync job (AD2AADProvisioning) on a service principal, with the AD users its agent can see:
/// provision on demand looks a distinguished name up here, as the real agent reads it from AD.
/// </summary>
/// <param name="ServicePrincipalId">The Cloud Sync configuration's service principal object id.</param>
/// <param name="JobId">The synchronization job id.</param>
/// <param name="RuleId">The rule of the job's schema whose source is AD (the one provision on demand takes).</param>
/// <param name="OnPremUsers">The AD users the agent sees.</param>
public sealed record SeedSyncJob(string ServicePrincipalId, string JobId, string RuleId, IReadOnlyList<SeedOnPremUser>? OnPremUsers = null);
