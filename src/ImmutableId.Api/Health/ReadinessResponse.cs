using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Api.Health;

/// <summary>Body of <c>GET /api/health?ready=true</c> when every dependency is ready.</summary>
/// <param name="Status">Ready.</param>
/// <param name="Version">The API's version (with the commit hash only for callers with ImmutableId.Read).</param>
/// <param name="Dependencies">Each probed dependency: graph, onPrem, storage.</param>
public sealed record ReadinessResponse([property: AllowedValues("Ready")] string Status, string Version, IReadOnlyList<DependencyReadiness> Dependencies) : HealthAnswer;
