using ImmutableId.EntraEmulator.Auth;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Graph;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.State;
using ImmutableId.EntraEmulator.Throttling;

namespace ImmutableId.EntraEmulator.Hosting;

/// <summary>Everything one emulator instance holds: state, keys, buckets, faults, log.</summary>
internal sealed class EmulatorRuntime : IDisposable
{
    public EmulatorRuntime(TenantSeed seed, TimeProvider time, int requestLogCapacity = RequestLog.DefaultCapacity)
    {
        Time = time;
        Log = new RequestLog(requestLogCapacity);
        Store.Load(seed);
        Tokens = new TokenService(time);
        Throttle = new ThrottleGate(time);
        Dispatcher = new GraphDispatcher(Store, Throttle, Faults);
        Batch = new BatchProcessor(Dispatcher, Log);
    }

    public TimeProvider Time { get; }

    public TenantStore Store { get; } = new();

    public TokenService Tokens { get; }

    public ThrottleGate Throttle { get; }

    public FaultInjector Faults { get; } = new();

    public RequestLog Log { get; }

    public GraphDispatcher Dispatcher { get; }

    public BatchProcessor Batch { get; }

    /// <summary>Back to the seed, empty log, full buckets, default throttling and no faults.</summary>
    public void Reset()
    {
        Store.Reset();
        Log.Clear();
        Throttle.Settings = new ThrottleSettings();
        Faults.Settings = new FaultSettings();
    }

    /// <summary>
    /// A token for <paramref name="appId"/>. Without <paramref name="roles"/>, the roles are the Microsoft Graph
    /// app roles granted to the app's service principal (appRoleAssignedTo) — what Entra would put in the token.
    /// </summary>
    public string MintToken(string appId, IEnumerable<string>? roles, TimeSpan? lifetime)
    {
        var sp = Store.FindServicePrincipalByAppId(appId);
        if (roles is null)
        {
            var graph = Store.FindServicePrincipalByAppId(TokenService.GraphAppId);
            var granted = sp is null || graph is null
                ? []
                : Store.AppRoleAssignments(a => string.Equals(a.PrincipalId, sp.Id, StringComparison.OrdinalIgnoreCase) && string.Equals(a.ResourceId, graph.Id, StringComparison.OrdinalIgnoreCase))
                    .Select(a => (graph.AppRoles ?? []).FirstOrDefault(r => string.Equals(r.Id, a.AppRoleId, StringComparison.OrdinalIgnoreCase))?.Value)
                    .OfType<string>()
                    .ToList();
            roles = granted;
        }

        return Tokens.Mint(Store.TenantId, appId, sp?.Id, roles, lifetime ?? TimeSpan.FromHours(1));
    }

    public void Dispose() => Tokens.Dispose();
}
