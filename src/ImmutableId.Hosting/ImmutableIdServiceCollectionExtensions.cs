using ImmutableId.ActiveDirectory;
using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.Telemetry;
using ImmutableId.Api.Webhooks;
using ImmutableId.Entra;
using ImmutableId.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImmutableId.Hosting;

/// <summary>
/// The one composition root of the API's services, shared by the Azure Functions and the Standalone host (as eShop's
/// <c>AddServiceDefaults</c>): each service is built once from validated options. The hosts add only what is truly
/// theirs (Functions triggers and Azure Monitor; the sandbox, Kestrel, the local queue worker and their exporters).
/// </summary>
public static class ImmutableIdServiceCollectionExtensions
{
    /// <summary>
    /// Adds the API (handlers, endpoints, auth and rate limits), storage, the on-prem and Entra directories, the
    /// hard-match workflow, bulk jobs and the audit telemetry hook. Options are bound lazily, so a host may still add
    /// configuration (the sandbox adds the emulator's settings) until the first option is read.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration (the directories read their sections from it).</param>
    /// <param name="sandboxAllowed">True only in the Standalone host: sandbox tokens may then be accepted (Auth:Sandbox).</param>
    public static IServiceCollection AddImmutableIdServices(this IServiceCollection services, IConfiguration configuration, bool sandboxAllowed)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddImmutableIdApi();
        services.AddImmutableIdAuth(sandboxAllowed);
        services.AddImmutableIdStorage();
        services.AddOnPremDirectory(configuration);
        services.AddEntraDirectory(configuration);
        services.AddHardMatch();
        services.AddImmutableIdJobs();
        services.AddImmutableIdWebhooks(sandboxAllowed);

        // Decorates the audit log that storage registered just above: the order is this method's, no host's.
        services.AddAuditTelemetry();
        return services;
    }
}
