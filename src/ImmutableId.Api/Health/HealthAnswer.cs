using System.Text.Json.Serialization;

namespace ImmutableId.Api.Health;

/// <summary>
/// The 200 of <c>GET /api/health</c>, one of two contracts: <see cref="HealthResponse"/> (liveness), or
/// <see cref="ReadinessResponse"/> with <c>?ready=true</c>. Written as the one it is (no type discriminator); the OpenAPI 3
/// document declares it as <c>oneOf</c> the two.
/// </summary>
[JsonDerivedType(typeof(HealthResponse))]
[JsonDerivedType(typeof(ReadinessResponse))]
public abstract record HealthAnswer;
