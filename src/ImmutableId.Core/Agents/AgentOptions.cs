using System.ComponentModel.DataAnnotations;

namespace ImmutableId.Core.Agents;

/// <summary>The agent endpoints and the agent-fed on-prem directory (section <c>Agents</c>; app settings <c>Agents__…</c>).</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Agents";

    /// <summary>The agents the API accepts; at least one when <c>OnPrem:Mode</c> is <c>Agent</c>.</summary>
    public IList<AgentBinding> Bindings { get; set; } = [];

    /// <summary>When an agent's last successful sync is older than this, lookups over its entries fail (<c>AgentStale</c>).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most entries (upserts + deletes) one batch may carry.</summary>
    [Range(1, 100_000)]
    public int MaxBatchEntries { get; set; } = 1000;

    /// <summary>The largest batch body, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The binding whose <see cref="AgentBinding.AppId"/> is <paramref name="appId"/>, or null.</summary>
    public AgentBinding? BindingFor(string appId) =>
        Bindings.FirstOrDefault(b => string.Equals(b.AppId, appId, StringComparison.OrdinalIgnoreCase));
}
