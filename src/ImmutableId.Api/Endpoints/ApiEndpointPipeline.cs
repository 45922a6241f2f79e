using ImmutableId.Api.Auth;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Writes;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Endpoints;

/// <summary>
/// Runs a declared endpoint the same way in both hosts: its gate (<see cref="ApiEndpointGate"/>), then its handler.
/// Reached only through <see cref="ApiEndpointRunner{THandler}"/>, which the Standalone endpoints and the Azure Functions
/// take, so neither host can serve a handler without its gate.
/// </summary>
public sealed class ApiEndpointPipeline(ApiAdmission admission, WriteGuard writeGuard)
{
    /// <summary>Runs <paramref name="endpoint"/>'s gate, then <paramref name="handler"/> when the gate lets the request through.</summary>
    public async Task<IResult> RunAsync(
        ApiOperationDescription endpoint,
        HttpRequest request,
        IReadOnlyDictionary<string, string?> routeValues,
        Func<ApiCall, Task<IResult>> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValues);
        ArgumentNullException.ThrowIfNull(handler);
        var call = new ApiCall(request, routeValues, null, cancellationToken);
        switch (endpoint.Gate)
        {
            case ApiEndpointGate.Anonymous or ApiEndpointGate.Handler:
                return await handler(call).ConfigureAwait(false);
            case ApiEndpointGate.AppRole:
                // Auth, then rate limits; the handler gets the caller they admitted.
                var admitted = await admission.AdmitAsync(request.HttpContext, endpoint.Role!, cancellationToken).ConfigureAwait(false);
                return admitted.Allowed ? await handler(call with { Caller = admitted.Caller }).ConfigureAwait(false) : admitted.Denied!;
            case ApiEndpointGate.Write:
                throw new InvalidOperationException($"The write {endpoint.OperationId} runs through RunWriteAsync (its handler answers a WriteAnswer).");
            default:
                throw new InvalidOperationException($"Unknown gate {endpoint.Gate}.");
        }
    }

    /// <summary>
    /// Runs a write (<see cref="ApiEndpointGate.Write"/>): the write guard (ticket header, auth then rate limits, the
    /// refusal record, the body read once, idempotency), then <paramref name="handler"/> with the operation and the body.
    /// </summary>
    public Task<IResult> RunWriteAsync(
        ApiOperationDescription endpoint,
        HttpRequest request,
        IReadOnlyDictionary<string, string?> routeValues,
        Func<ApiCall, Task<WriteAnswer>> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(routeValues);
        ArgumentNullException.ThrowIfNull(handler);
        if (endpoint.Gate != ApiEndpointGate.Write)
        {
            throw new InvalidOperationException($"{endpoint.OperationId} is not declared behind the write guard.");
        }

        var call = new ApiCall(request, routeValues, null, cancellationToken);
        return writeGuard.RunAsync(
            request, endpoint.Role!, endpoint.WriteOperation!.Value, call.Route(ApiRoutes.UserParameter) ?? string.Empty,
            (_, operation, body, ct) => handler(call with { Operation = operation, Body = body, CancellationToken = ct }), cancellationToken);
    }
}
