namespace ImmutableId.Core.Webhooks;

/// <summary>The events a webhook subscription can ask for.</summary>
public static class WebhookEvents
{
    /// <summary>A bulk job reached an end state: completed, cancelled or failed.</summary>
    public const string JobEnded = "job.ended";

    /// <summary>Every event this version sends.</summary>
    public static IReadOnlyList<string> All { get; } = [JobEnded];
}
