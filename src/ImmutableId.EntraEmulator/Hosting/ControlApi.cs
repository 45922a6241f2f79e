using System.Text.Json;
using ImmutableId.EntraEmulator.Faults;
using ImmutableId.EntraEmulator.Seeding;
using ImmutableId.EntraEmulator.Throttling;

namespace ImmutableId.EntraEmulator.Hosting;

/// <summary>
/// <c>/_emulator/*</c>: reset, load a seed, the request log, fault and throttle settings, token minting, a user's
/// raw state. No authentication: the emulator listens on loopback only.
/// </summary>
internal static class ControlApi
{
    public static void Map(WebApplication app, EmulatorRuntime runtime)
    {
        var api = app.MapGroup("/_emulator");
        api.MapGet("/", () => Results.Ok(new
        {
            tenantId = runtime.Store.TenantId,
            users = runtime.Store.UserCount,
            graphBaseUrl = "/v1.0",
        }));
        api.MapPost("/reset", () =>
        {
            runtime.Reset();
            return Results.NoContent();
        });
        api.MapPost("/seed", async (HttpRequest request) =>
        {
            try
            {
                var seed = await JsonSerializer.DeserializeAsync<TenantSeed>(request.Body, SeedJson.Options, request.HttpContext.RequestAborted).ConfigureAwait(false)
                    ?? throw new JsonException("empty body");
                runtime.Store.Load(SeedJson.Validate(seed));
                runtime.Log.Clear();
                runtime.Throttle.Reset();
                return Results.NoContent();
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException)
            {
                return Results.Problem(ex.Message, statusCode: 400, title: "Invalid seed");
            }
        });
        api.MapGet("/requests", () => Results.Ok(runtime.Log.Entries));
        api.MapDelete("/requests", () =>
        {
            runtime.Log.Clear();
            return Results.NoContent();
        });
        api.MapGet("/faults", () => Results.Ok(runtime.Faults.Settings));
        api.MapPut("/faults", (FaultSettings settings) =>
        {
            try
            {
                runtime.Faults.Settings = settings;
                return Results.Ok(runtime.Faults.Settings);
            }
            catch (ArgumentException ex)
            {
                return Results.Problem(ex.Message, statusCode: 400, title: "Invalid fault settings");
            }
        });
        api.MapGet("/throttling", () => Results.Ok(runtime.Throttle.Settings));
        api.MapPut("/throttling", (ThrottleSettings settings) =>
        {
            if (settings.TimeScale <= 0 || settings.ResourceUnitLimit <= 0 || settings.WriteLimit <= 0 || settings.TenantWriteLimit <= 0 ||
                settings.ResourceUnitWindowSeconds <= 0 || settings.WriteWindowSeconds <= 0 || settings.TenantWriteWindowSeconds <= 0)
            {
                return Results.Problem("Limits, windows and the time scale must be above zero.", statusCode: 400, title: "Invalid throttle settings");
            }

            runtime.Throttle.Settings = settings;
            return Results.Ok(settings);
        });
        api.MapPost("/token", (TokenRequest request) =>
        {
            if (string.IsNullOrWhiteSpace(request.AppId))
            {
                return Results.Problem("Send appId (and roles, or none to use the app's granted Graph permissions).", statusCode: 400, title: "Invalid token request");
            }

            var lifetime = TimeSpan.FromSeconds(request.LifetimeSeconds ?? 3600);
            var token = runtime.MintToken(request.AppId, request.Roles, lifetime);
            return Results.Ok(new { access_token = token, token_type = "Bearer", expires_in = (int)lifetime.TotalSeconds });
        });
        api.MapGet("/users/{idOrUpn}", (string idOrUpn) =>
            runtime.Store.FindUser(idOrUpn) is { } user ? Results.Ok(user) : Results.NotFound());
    }

    /// <summary>Body of <c>POST /_emulator/token</c>.</summary>
    internal sealed record TokenRequest(string? AppId, IReadOnlyList<string>? Roles, int? LifetimeSeconds);
}
