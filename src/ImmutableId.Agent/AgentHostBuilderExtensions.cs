using ImmutableId.ActiveDirectory;
using ImmutableId.Agent.Credentials;
using ImmutableId.Agent.Reading;
using ImmutableId.Agent.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Agent;

/// <summary>The agent's composition.</summary>
internal static class AgentHostBuilderExtensions
{
    /// <summary>
    /// Windows service and systemd integration, the validated <c>Agent</c> settings and (Source Ldap) the <c>OnPrem</c>
    /// connection settings, the directory feed, the Entra credential, the HTTP client and the worker.
    /// </summary>
    public static HostApplicationBuilder AddImmutableIdAgent(this HostApplicationBuilder builder)
    {
        builder.Services.AddWindowsService(options => options.ServiceName = "ImmutableIdAgent");
        builder.Services.AddSystemd();
        builder.Services.AddOptions<AgentSettings>()
            .Bind(builder.Configuration.GetSection(AgentSettings.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentSettings>, AgentSettingsValidator>();
        builder.Services.AddOptions<OnPremOptions>()
            .Bind(builder.Configuration.GetSection(OnPremOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The source read from configuration, not from the validated settings: their failures are listed on their own,
        // and read through IOptions here they would be thrown again and listed twice.
        builder.Services.AddSingleton<IValidateOptions<OnPremOptions>>(_ => new AgentLdapValidator(
            () => builder.Configuration.GetSection(AgentSettings.SectionName).Get<AgentSettings>()?.Source ?? AgentSource.Ldap));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IDirectoryFeed>(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<AgentSettings>>().Value;
            var onPrem = sp.GetRequiredService<IOptions<OnPremOptions>>().Value;
            return settings.Source == AgentSource.Ldif
                ? new LdifDirectoryFeed(settings.LdifPath!, onPrem.BaseDns)
                : new LdapDirectoryFeed(onPrem);
        });
        builder.Services.AddSingleton(sp => new SyncStateStore(sp.GetRequiredService<IOptions<AgentSettings>>().Value.EffectiveStatePath));
        builder.Services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<AgentSettings>>().Value;
            var http = new HttpClient
            {
                BaseAddress = new Uri(settings.ApiBaseUrl!.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"),
                Timeout = TimeSpan.FromSeconds(settings.RequestTimeoutSeconds),
            };
            return new BatchPoster(http, AgentCredentialFactory.Create(settings), AgentCredentialFactory.Scope(settings));
        });
        builder.Services.AddSingleton(sp => new SyncEngine(
            sp.GetRequiredService<IDirectoryFeed>(),
            sp.GetRequiredService<BatchPoster>(),
            sp.GetRequiredService<SyncStateStore>(),
            sp.GetRequiredService<IOptions<AgentSettings>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SyncEngine>>()));
        builder.Services.AddHostedService<AgentWorker>();
        return builder;
    }

    /// <summary>With Source Ldap, the OnPrem connection settings must be complete (the API's own Ldap-mode rules).</summary>
    private sealed class AgentLdapValidator(Func<AgentSource> source) : IValidateOptions<OnPremOptions>
    {
        public ValidateOptionsResult Validate(string? name, OnPremOptions options)
        {
            if (source() != AgentSource.Ldap)
            {
                return ValidateOptionsResult.Success;
            }

            // Negotiate without a user name binds as the machine account (Kerberos): nothing more to check for it.
            return new OnPremOptionsValidator().Validate(name, options);
        }
    }
}
