using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Ldif;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Core.Agents;
using ImmutableId.Core.OnPrem;
using ImmutableId.Core.Readiness;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory;

/// <summary>Composition of the on-prem directory.</summary>
public static class OnPremDirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="OnPremOptions"/> (on start) and registers <see cref="IOnPremDirectory"/> for the
    /// configured mode (LDAP, LDIF, or Agent: the agent-fed mirror, with the validated <c>Agents</c> bindings), the bind password source (configuration or Key Vault), and in Ldap mode
    /// <see cref="IConsistencyGuidWriter"/> (which refuses unless <see cref="OnPremOptions.AllowConsistencyGuidWrite"/>).
    /// </summary>
    public static IServiceCollection AddOnPremDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OnPremOptions>()
            .Bind(configuration.GetSection(OnPremOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnPremOptions>, OnPremOptionsValidator>());

        services.TryAddSingleton<ILdapPasswordSource>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<OnPremOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.KeyVaultUri))
            {
                return new ConfigurationPasswordSource(sp.GetRequiredService<IOptionsMonitor<OnPremOptions>>());
            }

            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
            {
                ManagedIdentityClientId = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
            });
            return new KeyVaultPasswordSource(
                new SecretClient(new Uri(options.KeyVaultUri), credential),
                options.BindPasswordSecretName!,
                sp.GetRequiredService<ILogger<KeyVaultPasswordSource>>());
        });

        // Agent mode: the mirror the agents fill (IOnPremMirror comes from the storage registration).
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());

        services.TryAddSingleton<LdapOnPremDirectory>();
        services.TryAddSingleton<LdifOnPremDirectory>();
        services.TryAddSingleton<IOnPremDirectory>(sp => sp.GetRequiredService<IOptions<OnPremOptions>>().Value.Mode switch
        {
            OnPremMode.Ldap => sp.GetRequiredService<LdapOnPremDirectory>(),
            OnPremMode.Ldif => sp.GetRequiredService<LdifOnPremDirectory>(),
            _ => new MirrorOnPremDirectory(
                sp.GetService<IOnPremMirror>() ?? throw new InvalidOperationException("OnPrem:Mode Agent needs the on-prem mirror: register the storage (AddImmutableIdStorage)."),
                sp.GetRequiredService<IOptions<AgentOptions>>().Value,
                sp.GetService<TimeProvider>() ?? TimeProvider.System),
        });
        services.TryAddSingleton<IConsistencyGuidWriter>(sp => sp.GetRequiredService<LdapOnPremDirectory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessProbe, OnPremReadinessProbe>());
        return services;
    }
}
