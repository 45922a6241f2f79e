using ImmutableId.ActiveDirectory;
using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.Webhooks;
using ImmutableId.Entra;
using ImmutableId.Hosting;
using ImmutableId.Standalone.Hardening;
using ImmutableId.Standalone.Maintenance;
using ImmutableId.Standalone.Sandbox;
using ImmutableId.Standalone.Telemetry;
using ImmutableId.Storage;

namespace ImmutableId.Standalone;

/// <summary>The Standalone host's composition.</summary>
internal static class StandaloneHostBuilderExtensions
{
    /// <summary>The Functions default port, so that scripts written against <c>func start</c> work unchanged.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>
    /// Adds the API. Without Entra/OnPrem configuration (and outside the Functions host) it prepares the sandbox
    /// (see <see cref="StartSandboxAsync"/>): the Entra emulator in-process with the demo tenant, the demo LDIF
    /// directory and a demo policy.
    /// </summary>
    public static WebApplicationBuilder AddImmutableIdStandalone(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) &&
            string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) &&
            string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        if (PrometheusScraping.Url(builder.Configuration) is { } metrics)
        {
            PrometheusScraping.Listen(builder, metrics, DefaultUrl);
        }

        var decision = SandboxDecision.Decide(builder.Configuration);
        builder.Services.AddSingleton(decision);
        if (decision.Enabled)
        {
            // Started after the host is built (StartSandboxAsync), on a flow of its own (EntraEmulatorHost.StartAsync),
            // so no host factory capturing this entry point can mistake it for the app under test.
            builder.Services.AddSingleton<SandboxEnvironment>();
        }

        UseSandboxTokensOnlyInTheSandbox(builder.Configuration, decision);
        // Bound lazily: in the sandbox, StartSandboxAsync adds the emulator's settings before any option is read.
        builder.Services.AddImmutableIdServices(builder.Configuration, sandboxAllowed: true);
        builder.Services.AddJobQueueWorker();
        builder.Services.AddWebhookDeliveryWorker();
        builder.Services.AddProblemDetails();
        builder.AddHardenedAnswers();
        builder.Services.AddAuditMaintenanceService();
        builder.AddStandaloneTelemetry(decision.Enabled);
        return builder;
    }

    /// <summary>
    /// Sandbox tokens belong to the sandbox: on by default there (unless real Auth settings are given: then the sandbox
    /// validates Entra ID tokens like any deployment), and refused outside it. The sandbox's audit log is a SQLite file
    /// of this process in the temp folder unless Storage:SqlitePath says otherwise; that temporary file is deleted
    /// when the host stops (<see cref="DisposeAndDeleteSandboxStateAsync"/>), so the sandbox resets with the emulator.
    /// </summary>
    /// <exception cref="InvalidOperationException">Auth:Sandbox=true outside the sandbox.</exception>
    internal static void UseSandboxTokensOnlyInTheSandbox(ConfigurationManager configuration, SandboxDecision decision)
    {
        var requested = configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Sandbox)}"];
        var realAuth = new[] { "TenantId", "MetadataAddress", "Audiences:0", "AllowedIssuers:0" }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[$"{AuthOptions.SectionName}:{key}"]));
        if (decision.Enabled)
        {
            if (string.IsNullOrWhiteSpace(requested) && !realAuth)
            {
                configuration[$"{AuthOptions.SectionName}:{nameof(AuthOptions.Sandbox)}"] = "true";
            }

            if (string.IsNullOrWhiteSpace(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.SqlitePath)}"]))
            {
                var path = Path.Combine(Path.GetTempPath(), "immutableid-sandbox", $"audit-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
                configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.SqlitePath)}"] = path;
                configuration[SandboxStateFileKey] = path;
            }
        }
        else if (bool.TryParse(requested, out var sandboxTokens) && sandboxTokens)
        {
            throw new InvalidOperationException(
                $"Auth:Sandbox=true is accepted only when the Standalone host runs as the sandbox, and it does not ({decision.Reason}): remove Auth:Sandbox and configure Auth:TenantId and Auth:Audiences.");
        }
    }

    /// <summary>Where the sandbox keeps the temporary SQLite file it created (never a path the user configured).</summary>
    internal const string SandboxStateFileKey = "Sandbox:TemporaryStateFile";

    /// <summary>
    /// The temporary SQLite file this sandbox created, or null (not the sandbox, or a path the user configured). Read it
    /// before the host runs: <c>RunAsync</c> disposes the host, and its configuration with it.
    /// </summary>
    public static string? SandboxStateFile(this WebApplication app) => app.Configuration[SandboxStateFileKey];

    /// <summary>
    /// Disposes the host (again: a no-op after <c>RunAsync</c>), then deletes the sandbox's temporary SQLite file and its
    /// -wal/-shm files (<paramref name="stateFile"/>, from <see cref="SandboxStateFile"/>).
    /// </summary>
    public static async Task DisposeAndDeleteSandboxStateAsync(this WebApplication app, string? stateFile)
    {
        await app.DisposeAsync().ConfigureAwait(false);
        if (string.IsNullOrEmpty(stateFile))
        {
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { stateFile, stateFile + "-wal", stateFile + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // best effort: the temp folder is cleaned by the OS
            }
        }
    }

    /// <summary>When the sandbox was decided, starts the emulator and points Entra, OnPrem and Policy at it (before any option is read).</summary>
    public static async Task StartSandboxAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var sandbox = app.Services.GetService<SandboxEnvironment>();
        if (sandbox is null)
        {
            return;
        }

        await sandbox.StartAsync(cancellationToken).ConfigureAwait(false);
        ((IConfigurationBuilder)app.Configuration).AddInMemoryCollection(sandbox.Settings());
    }
}
