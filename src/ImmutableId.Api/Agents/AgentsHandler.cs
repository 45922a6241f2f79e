using ImmutableId.Api.Endpoints;
using ImmutableId.Core.Agents;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Agents;

/// <summary><c>GET /api/agents</c> (role ImmutableId.Read): each agent's freshness.</summary>
public sealed class AgentsHandler(IOnPremMirror mirror, IOptions<AgentOptions> options, TimeProvider timeProvider)
{
    /// <summary>Every bound agent with its last sync, last full pass, lag, staleness and entry count.</summary>
    /// <param name="cancellationToken">Cancelled when the caller goes away.</param>
    public async Task<ApiAnswer<AgentList>> ListAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var states = await mirror.ListAgentsAsync(countEntries: true, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var views = settings.Bindings
            .Select(b => View(b.Id, b, states.FirstOrDefault(s => string.Equals(s.AgentId, b.Id, StringComparison.Ordinal))))
            .Concat(states.Where(s => settings.Bindings.All(b => !string.Equals(b.Id, s.AgentId, StringComparison.Ordinal))).Select(s => View(s.AgentId, null, s)))
            .ToArray();
        return new AgentList((long)settings.StaleAfter.TotalSeconds, views);

        AgentView View(string id, AgentBinding? binding, AgentState? state)
        {
            var lag = state?.LastSync is { } last ? (long?)Math.Max(0, (long)(now - last).TotalSeconds) : null;
            return new AgentView(
                id,
                binding?.AppId,
                binding is not null,
                binding?.BaseDns.ToArray() ?? [],
                binding?.UpnDomains.ToArray() ?? [],
                state?.LastSync,
                state?.LastFullPass,
                lag,
                lag is null || lag > settings.StaleAfter.TotalSeconds,
                state?.EntryCount ?? 0,
                state?.LastSequence ?? 0,
                state?.AgentVersion,
                state?.DomainController,
                state?.HighWaterMark);
        }
    }
}
