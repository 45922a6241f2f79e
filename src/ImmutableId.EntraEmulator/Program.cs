using System.Globalization;
using ImmutableId.EntraEmulator;
using ImmutableId.EntraEmulator.Hosting;
using ImmutableId.EntraEmulator.Seeding;

// dotnet run --project src/ImmutableId.EntraEmulator -- [--seed <file>] [--port <p>]
string? seedPath = null;
var port = 5599;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seed" when i + 1 < args.Length:
            seedPath = args[++i];
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535:
            port = p;
            i++;
            break;
        default:
            Console.Error.WriteLine("usage: ImmutableId.EntraEmulator [--seed <tenant.json>] [--port <port>]");
            return 2;
    }
}

TenantSeed seed;
try
{
    seed = seedPath is null ? SeedJson.Demo() : SeedJson.Load(seedPath);
}
catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot load the seed: {ex.Message}");
    return 2;
}

using var runtime = new EmulatorRuntime(seed, TimeProvider.System);
await using var app = EmulatorApp.Build(runtime, port, quiet: false);
await app.StartAsync().ConfigureAwait(false);
var address = app.Urls.FirstOrDefault() ?? $"http://127.0.0.1:{port}";
Console.WriteLine($"""
    Entra emulator (NOT Microsoft Entra: a local dev fake) for tenant {seed.TenantId}, {runtime.Store.UserCount} users
      Graph:   {address}/v1.0
      Control: {address}/_emulator/
    Get a token:  curl -s -X POST {address}/_emulator/token -H 'Content-Type: application/json' -d '{"{"}"appId":"{DemoTenant.FunctionAppId}"{"}"}'
    Press Ctrl+C to stop.
    """);
await app.WaitForShutdownAsync().ConfigureAwait(false);
return 0;
