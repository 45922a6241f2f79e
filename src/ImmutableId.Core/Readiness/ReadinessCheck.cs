namespace ImmutableId.Core.Readiness;

/// <summary>The result of one probe.</summary>
/// <param name="Ready">True when the dependency answered as the API needs it.</param>
/// <param name="Check">
/// When not ready: what the operator should check, in words safe for anonymous callers (settings and grants by name;
/// no server names, tenant data, exception text or secrets).
/// </param>
/// <param name="Error">When not ready: the underlying error, shown only to callers with the Read role and to logs.</param>
public sealed record ReadinessCheck(bool Ready, string? Check = null, string? Error = null)
{
    /// <summary>The dependency answered.</summary>
    public static ReadinessCheck Ok { get; } = new(true);

    /// <summary>The dependency failed; <paramref name="check"/> says what to look at.</summary>
    public static ReadinessCheck Failed(string check, string? error = null) => new(false, check, error);
}
