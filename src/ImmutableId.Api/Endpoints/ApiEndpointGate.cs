namespace ImmutableId.Api.Endpoints;

/// <summary>What runs before an endpoint's handler, in both hosts (<see cref="ApiEndpointPipeline"/>).</summary>
public enum ApiEndpointGate
{
    /// <summary>Nothing: liveness and the API's description.</summary>
    Anonymous,

    /// <summary>The auth gate (<see cref="Auth.ApiAuthorizer"/>): a valid token holding the endpoint's role.</summary>
    AppRole,

    /// <summary>The write guard (<see cref="Writes.WriteGuard"/>): auth, refusal audit, idempotency and the operation context.</summary>
    Write,

    /// <summary>The handler authorizes and audits its refusals itself (the on-prem agent's batches).</summary>
    Handler,
}
