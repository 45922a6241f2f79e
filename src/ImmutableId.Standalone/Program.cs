using ImmutableId.Standalone;
using ImmutableId.Standalone.Hardening;
using ImmutableId.Standalone.Telemetry;
using Microsoft.AspNetCore.Connections;

var builder = WebApplication.CreateBuilder(args);
builder.AddImmutableIdStandalone();

var app = builder.Build();
try
{
    await app.StartSandboxAsync();
    app.UseHardenedAnswers();
    app.UsePrometheusScraping();
    app.MapImmutableIdApi();
    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
    await app.RunAsync();
    return 0;
}
catch (IOException e) when (e.InnerException is AddressInUseException)
{
    await Console.Error.WriteLineAsync($"ImmutableId Standalone: cannot listen on {string.Join(", ", app.Urls)}: the port is in use. Stop the other process or choose another address with --urls http://localhost:<port>.");
    return 2;
}
finally
{
    await app.DeleteSandboxStateAsync();
}

/// <summary>The Standalone host's entry point; public for WebApplicationFactory in the end-to-end tests.</summary>
public partial class Program;
