using System.Net;

namespace ImmutableId.Api.Webhooks;

/// <summary>Resolves a callback host to its addresses (DNS in production).</summary>
public interface IWebhookHostResolver
{
    /// <summary>The host's addresses; empty when it does not resolve.</summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default);
}
