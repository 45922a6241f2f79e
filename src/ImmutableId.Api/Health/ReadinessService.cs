using ImmutableId.Core.Readiness;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Health;

/// <summary>
/// Runs every <see cref="IReadinessProbe"/> in parallel, each bounded by <see cref="ReadinessOptions.ProbeTimeout"/>,
/// and reuses the round for <see cref="ReadinessOptions.CacheDuration"/>: concurrent callers share one round in flight.
/// </summary>
public sealed partial class ReadinessService
{
    private readonly IReadOnlyList<IReadinessProbe> _probes;
    private readonly ReadinessOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReadinessService> _logger;
    private readonly Lock _gate = new();
    private Task<ReadinessReport>? _round;

    /// <summary>Creates the service over the registered probes.</summary>
    public ReadinessService(IEnumerable<IReadinessProbe> probes, IOptions<ReadinessOptions> options, TimeProvider time, ILogger<ReadinessService> logger)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(options);
        _probes = probes.ToArray();
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>How long one round is reused.</summary>
    public TimeSpan CacheDuration => _options.CacheDuration;

    /// <summary>The latest round when still fresh, else a new one.</summary>
    public Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var round = _round;
            if (round is null || (round.IsCompleted && (!round.IsCompletedSuccessfully || round.Result.CheckedAt + _options.CacheDuration <= _time.GetUtcNow())))
            {
                // Not bound to this caller's token: other callers may be waiting on the same round.
                round = _round = RunRoundAsync();
            }

            return round.WaitAsync(cancellationToken);
        }
    }

    private async Task<ReadinessReport> RunRoundAsync()
    {
        var results = await Task.WhenAll(_probes.Select(ProbeAsync)).ConfigureAwait(false);
        return new ReadinessReport(results, _time.GetUtcNow());
    }

    private async Task<KeyValuePair<string, ReadinessCheck>> ProbeAsync(IReadinessProbe probe)
    {
        using var timeout = new CancellationTokenSource(_options.ProbeTimeout, _time);
        ReadinessCheck check;
        try
        {
            check = await probe.CheckAsync(timeout.Token).WaitAsync(_options.ProbeTimeout, _time, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            check = ReadinessCheck.Failed($"{Describe(probe.Dependency)} did not answer within {_options.ProbeTimeout.TotalSeconds:0.#} s: {TimeoutAdvice(probe.Dependency)}", "timeout");
        }
#pragma warning disable CA1031 // a probe that throws is a failed dependency, never a failed health endpoint
        catch (Exception ex)
#pragma warning restore CA1031
        {
            check = ReadinessCheck.Failed($"{Describe(probe.Dependency)} failed unexpectedly: see the API's logs.", ex.Message);
        }

        if (!check.Ready)
        {
            LogNotReady(_logger, probe.Dependency, check.Error ?? "-");
        }

        return new(probe.Dependency, check);
    }

    private static string Describe(string dependency) => dependency switch
    {
        ReadinessDependency.Graph => "Microsoft Graph",
        ReadinessDependency.OnPrem => "The on-prem directory",
        ReadinessDependency.Storage => "The store",
        _ => dependency,
    };

    private static string TimeoutAdvice(string dependency) => dependency switch
    {
        ReadinessDependency.Graph => "check outbound network access to Graph and Entra:GraphBaseUrl.",
        ReadinessDependency.OnPrem => "check OnPrem:Server and OnPrem:Port and the network path (in Azure: the Hybrid Connection and its relay agent).",
        ReadinessDependency.Storage => "check the Storage settings and network access to the storage account.",
        _ => "check its settings.",
    };

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Readiness: {Dependency} is not ready: {Error}")]
    private static partial void LogNotReady(ILogger logger, string dependency, string error);
}
