using System.Text.RegularExpressions;
using ImmutableId.Core.Agents;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory;

/// <summary>The agent bindings: required in OnPrem mode Agent, and well-formed whenever given.</summary>
internal sealed partial class AgentOptionsValidator(IOptions<OnPremOptions> onPrem) : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        if (onPrem.Value.Mode == OnPremMode.Agent && options.Bindings.Count == 0)
        {
            errors.Add("OnPrem:Mode is Agent but no agent is bound: set Agents__Bindings__0__Id (a name, e.g. dc-agent-1), " +
                "Agents__Bindings__0__AppId (the client id of the agent's app registration or managed identity), " +
                "Agents__Bindings__0__BaseDns__0 (e.g. OU=Staff,DC=corp,DC=example) and Agents__Bindings__0__UpnDomains__0 (e.g. contoso.com, or * for any).");
        }

        for (var i = 0; i < options.Bindings.Count; i++)
        {
            var binding = options.Bindings[i];
            var at = $"Agents:Bindings:{i}";
            if (!AgentId().IsMatch(binding.Id ?? string.Empty))
            {
                errors.Add($"{at}:Id must be 1-64 letters, digits, '.', '-' or '_' (it names the agent in the mirror and in GET /api/agents).");
            }

            if (!Guid.TryParse(binding.AppId, out _))
            {
                errors.Add($"{at}:AppId must be the client id (a GUID) of the agent's app registration or managed identity: the appid/azp claim of its token.");
            }

            if (binding.BaseDns.Count == 0 || binding.BaseDns.Any(d => string.IsNullOrWhiteSpace(d) || !d.Contains('=', StringComparison.Ordinal)))
            {
                errors.Add($"{at}:BaseDns needs at least one DN (e.g. OU=Staff,DC=corp,DC=example): the agent may post only entries under them.");
            }

            if (binding.UpnDomains.Count == 0 || binding.UpnDomains.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"{at}:UpnDomains needs at least one domain (or * for any): the agent may post only UPNs in them.");
            }
        }

        if (options.Bindings.GroupBy(b => b.Id, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            errors.Add("Agents:Bindings: two bindings have the same Id.");
        }

        if (options.Bindings.GroupBy(b => b.AppId, StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            errors.Add("Agents:Bindings: two bindings have the same AppId: give each agent its own identity.");
        }

        if (options.StaleAfter < TimeSpan.FromMinutes(1) || options.StaleAfter > TimeSpan.FromDays(7))
        {
            errors.Add("Agents:StaleAfter must be between 00:01:00 and 7.00:00:00 (default 01:00:00); make it longer than the agent's delta interval.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex AgentId();
}
