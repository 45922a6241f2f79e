using System.Net;
using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Webhooks;

/// <summary>
/// Where a webhook may go (the SSRF fence), checked when a subscription is created and again at every delivery (DNS
/// may have changed): an absolute https URL without user info or fragment, a host in <see cref="WebhookOptions.AllowedHosts"/>
/// when that list is set, and every address the host resolves to outside <see cref="WebhookAddressRule"/>'s ranges.
/// The sender connects only to the addresses checked here.
/// </summary>
public sealed class WebhookCallbackPolicy(IWebhookHostResolver resolver, IOptions<WebhookOptions> options)
{
    /// <summary>The longest callback URL accepted (Power Automate's callback URLs are about 400 characters).</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Why the URL itself is refused (scheme, form, allow-list), or null; addresses are checked by <see cref="ResolveAsync"/>.</summary>
    public WebhookRefusal? CheckUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var settings = options.Value;
        if (!url.IsAbsoluteUri || url.OriginalString.Length > MaxUrlLength || !string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment) || string.IsNullOrEmpty(url.Host))
        {
            return new(WebhookProblemCodes.WebhookUrlInvalid,
                $"The url must be an absolute https URL of at most {MaxUrlLength} characters, without user name, password or #fragment.");
        }

        var plainHttpForTests = settings.AllowLoopbackForTests && url.Scheme == Uri.UriSchemeHttp;
        if (url.Scheme != Uri.UriSchemeHttps && !plainHttpForTests)
        {
            return new(WebhookProblemCodes.WebhookUrlNotHttps, "The url must use https: deliveries carry job details and are never sent in clear text.");
        }

        if (settings.AllowedHosts.Length > 0 && !settings.AllowedHosts.Any(pattern => HostMatches(url.IdnHost, pattern)))
        {
            return new(WebhookProblemCodes.WebhookHostNotAllowed,
                $"The host {url.IdnHost} is not one this API sends webhooks to (Webhooks:AllowedHosts: {string.Join(", ", settings.AllowedHosts)}). Ask the administrator to add it.");
        }

        return null;
    }

    /// <summary>The host's addresses when every one of them may be called; otherwise the refusal.</summary>
    public async Task<(IReadOnlyList<IPAddress> Addresses, WebhookRefusal? Refusal)> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        IReadOnlyList<IPAddress> addresses = IPAddress.TryParse(bare, out var literal)
            ? [literal]
            : await resolver.ResolveAsync(bare, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            return ([], new(WebhookProblemCodes.WebhookHostUnresolvable, $"The host {host} does not resolve to any address."));
        }

        var allowLoopback = options.Value.AllowLoopbackForTests;
        foreach (var address in addresses)
        {
            if (WebhookAddressRule.Refusal(address, allowLoopback) is { } range)
            {
                return ([], new(WebhookProblemCodes.WebhookAddressForbidden,
                    $"The host {host} resolves to a {range} address ({address}); webhooks go only to public addresses."));
            }
        }

        return (addresses, null);
    }

    private static bool HostMatches(string host, string pattern) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
}
