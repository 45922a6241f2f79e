using Microsoft.Graph;

namespace ImmutableId.Entra.Graph;

/// <summary>The adapter's own GraphServiceClient (a wrapper, so a host's other Graph clients never collide with it in DI).</summary>
internal sealed record EntraGraphClient(GraphServiceClient Client);
