using ImmutableId.ActiveDirectory;
using ImmutableId.Api;
using ImmutableId.Entra;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImmutableId.Functions;

/// <summary>The Functions app's composition: telemetry and the shared API handlers.</summary>
public static class FunctionsHostBuilderExtensions
{
    /// <summary>Adds Application Insights, the API's handlers and the on-prem and Entra directories and the hard-match workflow, each with validated options.</summary>
    public static IHostApplicationBuilder AddImmutableIdFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        builder.Services.AddImmutableIdApi();
        builder.Services.AddOnPremDirectory(builder.Configuration);
        builder.Services.AddEntraDirectory(builder.Configuration);
        builder.Services.AddHardMatch();
        return builder;
    }
}
