using ImmutableId.Agent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

var sandbox = args.Contains("--sandbox", StringComparer.Ordinal);
args = args.Where(a => a != "--sandbox").ToArray();
var builder = Host.CreateApplicationBuilder(args);
if (sandbox)
{
    builder.UseLocalSandbox(args);
}

builder.AddImmutableIdAgent();
using var host = builder.Build();
try
{
    // The options validated on start, checked before the host starts (so its own start-up log carries no stack trace).
    host.Services.GetService<IStartupValidator>()?.Validate();
    await host.RunAsync();
}
catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
{
    return await ConfigurationInvalidAsync(ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
}
catch (OptionsValidationException ex)
{
    return await ConfigurationInvalidAsync(ex.Failures);
}

return Environment.ExitCode;

static async Task<int> ConfigurationInvalidAsync(IEnumerable<string> failures)
{
    // A setting is missing or wrong: say which and how to fix it, without a stack trace, and exit with the
    // configuration code (2) the systemd unit does not restart on (RestartPreventExitStatus) — retrying cannot fix it.
    await Console.Error.WriteLineAsync("ImmutableId agent: the configuration is not valid; nothing was read or posted.");
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync("  - " + failure);
    }

    await Console.Error.WriteLineAsync("Settings: appsettings.json next to the agent, environment variables (Agent__…, OnPrem__…; /etc/immutableid-agent/agent.env for the systemd unit). See docs/agent.md.");
    return 2;
}
