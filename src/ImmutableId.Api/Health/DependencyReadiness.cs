namespace ImmutableId.Api.Health;

/// <summary>One dependency in the readiness answer.</summary>
/// <param name="Name">graph, onPrem or storage.</param>
/// <param name="Status">ready or failed.</param>
/// <param name="Check">When failed: what to check (setting and grant names only; nothing about the tenant).</param>
/// <param name="Error">When failed and the caller holds ImmutableId.Read: the underlying error.</param>
public sealed record DependencyReadiness(string Name, string Status, string? Check = null, string? Error = null);
