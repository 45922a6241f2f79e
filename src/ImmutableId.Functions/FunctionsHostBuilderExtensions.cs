using ImmutableId.ActiveDirectory;
using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.Retention;
using ImmutableId.Entra;
using ImmutableId.Hosting;
using ImmutableId.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImmutableId.Functions;

/// <summary>The Functions app's composition: telemetry and the shared API handlers.</summary>
public static class FunctionsHostBuilderExtensions
{
    /// <summary>Adds OpenTelemetry (Azure Monitor), the API's handlers and the on-prem and Entra directories and the hard-match workflow, each with validated options.</summary>
    public static IHostApplicationBuilder AddImmutableIdFunctions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Entra ID tokens only: the sandbox issuer can never be enabled in the Functions host.
        builder.Services.AddImmutableIdServices(builder.Configuration, sandboxAllowed: false);
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, AzureStorageRequirement>();
        builder.Services.AddAuditMaintenance();
        builder.AddFunctionsTelemetry();
        return builder;
    }
}
