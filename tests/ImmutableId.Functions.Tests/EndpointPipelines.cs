using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Writes;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Functions.Tests;

/// <summary>
/// The pipeline the function classes run, over a built provider whose handlers a test may replace with its own
/// (a handler over a mocked workflow, a configured OpenAPI handler): the gate and the guard stay the host's.
/// </summary>
internal static class EndpointPipelines
{
    public static ApiEndpointPipeline With(IServiceProvider services, params object[] handlers) =>
        new(new OverridingProvider(services, handlers), services.GetRequiredService<ApiAuthorizer>(), services.GetRequiredService<WriteGuard>());

    private sealed class OverridingProvider(IServiceProvider inner, object[] overrides) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            overrides.FirstOrDefault(serviceType.IsInstanceOfType) ?? inner.GetService(serviceType);
    }
}
