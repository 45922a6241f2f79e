namespace ImmutableId.Core.Entra;

/// <summary>Another cloud user, named in a conflict (e.g. the current holder of an anchor).</summary>
public sealed record CloudUserReference(string Id, string? UserPrincipalName);
