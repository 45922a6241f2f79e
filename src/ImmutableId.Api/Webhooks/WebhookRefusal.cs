namespace ImmutableId.Api.Webhooks;

/// <summary>Why a callback URL is refused: a stable code (<see cref="WebhookProblemCodes"/>) and what to do.</summary>
/// <param name="Code">The problem code.</param>
/// <param name="Detail">The explanation (names the host, never the URL's query).</param>
public sealed record WebhookRefusal(string Code, string Detail);
