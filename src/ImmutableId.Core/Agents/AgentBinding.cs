using ImmutableId.Core.HardMatch;

namespace ImmutableId.Core.Agents;

/// <summary>One on-prem agent the API accepts, and what it may post (<c>Agents:Bindings:N</c>).</summary>
public sealed class AgentBinding
{
    /// <summary>The agent's name in the mirror, GET /api/agents and the audit log (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The client (application) id in the agent's token (<c>appid</c>/<c>azp</c>): its app registration or managed identity.</summary>
    public string AppId { get; set; } = string.Empty;

    /// <summary>DNs the agent's entries must sit under (<c>OU=Staff,DC=corp,DC=example</c>).</summary>
    public IList<string> BaseDns { get; set; } = [];

    /// <summary>UPN domains the agent's entries may carry (<c>*</c> alone: any).</summary>
    public IList<string> UpnDomains { get; set; } = [];

    /// <summary>The binding's scope as the policy type that matches DN suffixes and UPN domains.</summary>
    public PolicyOptions ToScope() => new() { AllowedOrganizationalUnits = BaseDns, AllowedUpnDomains = UpnDomains };

    /// <summary>True when <paramref name="distinguishedName"/> is one of the base DNs or under one.</summary>
    public bool Covers(string distinguishedName) =>
        BaseDns.Any(b => string.Equals(b.Replace(" ", string.Empty, StringComparison.Ordinal), distinguishedName.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
        || ToScope().AllowsDistinguishedName(distinguishedName);
}
