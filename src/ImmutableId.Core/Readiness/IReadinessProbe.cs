namespace ImmutableId.Core.Readiness;

/// <summary>
/// One dependency's readiness check (Graph, the on-prem directory, storage), run by <c>GET /api/health?ready=true</c>.
/// A probe answers a value; it throws only when cancelled (the caller's timeout).
/// </summary>
public interface IReadinessProbe
{
    /// <summary>The dependency's stable name in the readiness answer (<see cref="ReadinessDependency"/>).</summary>
    string Dependency { get; }

    /// <summary>Checks the dependency once, as cheaply as the dependency allows.</summary>
    Task<ReadinessCheck> CheckAsync(CancellationToken cancellationToken = default);
}
