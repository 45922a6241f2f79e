using ImmutableId.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImmutableId.Functions;

/// <summary>The Functions app's composition: telemetry and the shared API handlers.</summary>
public static class FunctionsHostBuilderExtensions
{
    /// <summary>Adds Application Insights, the API's handlers and the hard-match workflow with its options.</summary>
    public static IHostApplicationBuilder AddImmutableIdFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        builder.Services.AddImmutableIdApi();
        builder.Services.AddHardMatch();
        return builder;
    }
}
