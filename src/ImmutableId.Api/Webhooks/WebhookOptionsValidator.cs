using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// The test switch's fence: <see cref="WebhookOptions.AllowLoopbackForTests"/> is refused unless the host may run the
/// sandbox (Standalone) and runs in the Development environment — never in the Functions host or a production host.
/// Allowed hosts must be host names or <c>*.</c> wildcards.
/// </summary>
internal sealed class WebhookOptionsValidator(bool sandboxAllowed, IHostEnvironment? environment) : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AllowLoopbackForTests && !(sandboxAllowed && environment?.IsDevelopment() == true))
        {
            failures.Add("Webhooks:AllowLoopbackForTests is for tests only: it is refused outside the Standalone host's Development environment. Remove it.");
        }

        foreach (var host in options.AllowedHosts)
        {
            var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (string.IsNullOrWhiteSpace(bare) || Uri.CheckHostName(bare) != UriHostNameType.Dns || bare.Contains('*', StringComparison.Ordinal))
            {
                failures.Add($"Webhooks:AllowedHosts holds '{host}': give host names (hooks.contoso.com) or wildcards for subdomains (*.logic.azure.com).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
