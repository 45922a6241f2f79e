using System.Net;
using System.Text.Json.Serialization;

namespace ImmutableId.EntraEmulator.Hosting;

/// <summary>Builds the emulator's web application (in-process host and <c>dotnet run</c> alike), bound to 127.0.0.1 only.</summary>
internal static class EmulatorApp
{
    public static WebApplication Build(EmulatorRuntime runtime, int port, string[]? args = null, bool quiet = true)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        if (!quiet)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase) ||
                context.Request.Path.StartsWithSegments("/beta", StringComparison.OrdinalIgnoreCase))
            {
                await GraphHttpHandler.HandleAsync(context, runtime).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        ControlApi.Map(app, runtime);
        return app;
    }
}
