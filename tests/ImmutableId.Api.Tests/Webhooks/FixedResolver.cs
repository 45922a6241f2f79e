using System.Net;
using ImmutableId.Api.Webhooks;

namespace ImmutableId.Api.Tests.Webhooks;

/// <summary>A resolver whose answers the test sets (and may change, as DNS does between subscription and delivery).</summary>
internal sealed class FixedResolver : Dictionary<string, IPAddress[]>, IWebhookHostResolver
{
    public FixedResolver()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IPAddress>>(TryGetValue(host, out var addresses) ? addresses : []);
}
