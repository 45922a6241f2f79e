extern alias EntraEmulator;

using System.Net.Http.Headers;
using ImmutableId.Api.Auth;
using ImmutableId.Testing;
using EmulatorHost = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorHost;
using EmulatorOptions = EntraEmulator::ImmutableId.EntraEmulator.EntraEmulatorOptions;
using DemoTenant = EntraEmulator::ImmutableId.EntraEmulator.DemoTenant;
using ThrottleSettings = EntraEmulator::ImmutableId.EntraEmulator.Throttling.ThrottleSettings;

namespace ImmutableId.Standalone.Tests.Jobs;

/// <summary>
/// The Standalone host (in-process) over an Entra emulator of its own seeded with <see cref="JobsTenant"/> and an LDIF
/// directory to match, SQLite storage and the local durable queue. The emulator throttles with Graph's real rules ten
/// times faster (3,000 writes per 15 s) and the app's write budget is scaled the same way (2,925 per 15 s).
/// </summary>
public class JobsFactory : StandaloneFactory
{
    /// <summary>Emulated time runs this much faster; the write budget's window is divided by it.</summary>
    public const double TimeScale = 10;

    private readonly string _directory = Directory.CreateTempSubdirectory("immutableid-jobs-").FullName;

    public EmulatorHost Emulator { get; private set; } = null!;

    public string LdifPath => Path.Combine(_directory, "directory.ldif");

    /// <summary>False for suites that drive the processor themselves.</summary>
    protected virtual bool WorkerEnabled => true;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Emulator = await EmulatorHost.StartAsync(new EmulatorOptions { Seed = JobsTenant.Seed() });
        Emulator.Throttling = new ThrottleSettings(TimeScale: TimeScale);
        await File.WriteAllTextAsync(LdifPath, JobsTenant.Ldif(Emulator));
    }

    /// <summary>The settings that point a Standalone host at this emulator and directory (also for a host in another process).</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => new Dictionary<string, string?>
    {
        ["Entra:Credential"] = "Emulator",
        ["Entra:GraphBaseUrl"] = Emulator.GraphBaseUrl,
        ["Entra:TenantId"] = DemoTenant.TenantId,
        ["Entra:ClientId"] = DemoTenant.FunctionAppId,
        ["OnPrem:Mode"] = "Ldif",
        ["OnPrem:LdifPath"] = LdifPath,
        ["Policy:AllowedUpnDomains:0"] = "contoso.com",
        ["Policy:AllowedUpnDomains:1"] = "fabrikam.com",
        ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
        ["Jobs:WritesPerWindow"] = "2925",
        ["Jobs:WriteWindowSeconds"] = (150 / TimeScale).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:WorkerEnabled"] = WorkerEnabled ? "true" : "false",
        ["Jobs:PollMilliseconds"] = "50",
        ["RateLimits:Enabled"] = "false",
    };

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => HostSettings;

    /// <summary>A client for one app with these roles (each call with a new app id is another owner).</summary>
    public HttpClient ClientWith(string appId, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Issuer.CreateToken(new TestToken { Roles = roles, AppId = appId, ObjectId = "0000aaaa-0000-4000-8000-" + appId[^12..] }));
        return client;
    }

    protected override async ValueTask DisposeDependenciesAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
