namespace ImmutableId.Api.Auth;

/// <summary>The app roles of the API's app registration (values of the <c>roles</c> claim).</summary>
public static class AppRoles
{
    /// <summary>Status, convert and the audit operations.</summary>
    public const string Read = "ImmutableId.Read";

    /// <summary>Set (hard match), including dry runs of it.</summary>
    public const string Write = "ImmutableId.Write";

    /// <summary>Clear, including dry runs of it.</summary>
    public const string Clear = "ImmutableId.Clear";

    /// <summary>The on-prem agent posting batches (POST /api/agent/batches); a token with it may call nothing else.</summary>
    public const string Agent = "ImmutableId.Agent";

    /// <summary>Every role, for the sandbox token endpoint and the docs.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Write, Clear, Agent];
}
