namespace ImmutableId.Api.Health;

/// <summary>Body of <c>GET /api/health</c>.</summary>
public sealed record HealthResponse(string Status, string Version);
