namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>
/// Generated cloud-only users <c>{Prefix}{n:D6}@{Domain}</c> with deterministic ids, for load tests and benchmarks.
/// </summary>
/// <param name="Count">How many.</param>
/// <param name="Domain">Their UPN domain.</param>
/// <param name="Prefix">The UPN prefix.</param>
/// <param name="WithImmutableIdEvery">When above 0, every n-th user gets a deterministic immutable ID.</param>
public sealed record SeedBulkUsers(int Count, string Domain, string Prefix = "bulk", int WithImmutableIdEvery = 0);
