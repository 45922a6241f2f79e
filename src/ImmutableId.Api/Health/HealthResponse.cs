using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Api.Health;

/// <summary>Body of <c>GET /api/health</c>.</summary>
public sealed record HealthResponse([property: AllowedValues("Healthy")] string Status, string Version) : HealthAnswer;
