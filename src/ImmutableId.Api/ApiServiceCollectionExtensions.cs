using ImmutableId.Api.Agents;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Convert;
using ImmutableId.Api.Health;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api;

/// <summary>Registers the handlers that both hosts map.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <summary>Adds the API's handlers and their dependencies.</summary>
    public static IServiceCollection AddImmutableIdApi(this IServiceCollection services)
    {
        services.AddSingleton<ConvertHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<OperationsHandler>();
        services.AddSingleton<AuditJournal>();
        services.AddSingleton<WriteGuard>();
        services.AddSingleton<AgentBatchHandler>();
        services.AddSingleton<AgentsHandler>();
        // AgentOptions (section Agents) is bound and validated with the on-prem directory (AddOnPremDirectory).

        // The workflow's journal hook writes the audit log (AddHardMatch adds its no-op default only when none is registered).
        services.AddSingleton<IHardMatchJournal, HardMatchAuditJournal>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<AuditReconciliationService>();
        services.AddSingleton(sp => new OpenApiHandler(OpenApiSecuritySettings.From(sp.GetService<IOptions<AuthOptions>>()?.Value)));
        return services;
    }

    /// <summary>
    /// Adds the hard-match workflow and its handler: the validated <see cref="PolicyOptions"/> (section <c>Policy</c>),
    /// a no-op <see cref="IHardMatchJournal"/> unless one is registered. The host registers
    /// <see cref="IOnPremDirectory"/> and <see cref="IEntraDirectory"/>.
    /// </summary>
    public static IServiceCollection AddHardMatch(this IServiceCollection services)
    {
        services.AddOptions<PolicyOptions>()
            .BindConfiguration(PolicyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<IHardMatchJournal>(NoHardMatchJournal.Instance);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new HardMatchWorkflow(
            sp.GetRequiredService<IOnPremDirectory>(),
            sp.GetRequiredService<IEntraDirectory>(),
            sp.GetRequiredService<IOptions<PolicyOptions>>().Value,
            sp.GetRequiredService<IHardMatchJournal>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ImmutableIdHandler>();
        return services;
    }
}
