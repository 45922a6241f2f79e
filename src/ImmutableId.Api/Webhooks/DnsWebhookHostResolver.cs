using System.Net;
using System.Net.Sockets;

namespace ImmutableId.Api.Webhooks;

/// <summary><see cref="IWebhookHostResolver"/> over the system's DNS resolver.</summary>
internal sealed class DnsWebhookHostResolver : IWebhookHostResolver
{
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return [];
        }
    }
}
