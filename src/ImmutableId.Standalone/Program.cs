using ImmutableId.Standalone;
using ImmutableId.Standalone.Hardening;
using ImmutableId.Standalone.Telemetry;
using Microsoft.AspNetCore.Connections;

// appsettings*.json are read once, at start. By default the host watches them for changes with a FileSystemWatcher
// on the content root (the working directory), which adds an inotify watch to every directory beneath it before the
// host can answer: 10,323 watches and twice the start-up CPU when started from /tmp on the build machine, and from "/"
// (a service unit without WorkingDirectory) the whole file system, up to the inotify limit. Settings are validated
// at start, so a change takes a restart anyway. Given first, so --hostBuilder:reloadConfigOnChange=true in args wins.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddImmutableIdStandalone();

var app = builder.Build();
// Read before the host runs: RunAsync disposes it (and its configuration) when Ctrl+C or SIGTERM stops it.
var sandboxState = app.SandboxStateFile();
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
    await app.DisposeAndDeleteSandboxStateAsync(sandboxState);
}

/// <summary>The Standalone host's entry point; public for WebApplicationFactory in the end-to-end tests.</summary>
public partial class Program;
