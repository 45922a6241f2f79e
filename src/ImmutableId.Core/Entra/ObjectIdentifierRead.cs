namespace ImmutableId.Core.Entra;

/// <summary>
/// What one request learned about the user's <c>onPremisesObjectIdentifier</c>, a Graph <b>beta</b> property: read
/// (set or not), or not readable (beta unavailable, permission refused) and why. A guardrail may report it as passed
/// only when <see cref="WasRead"/> is true.
/// </summary>
/// <param name="WasRead">True when Graph answered the property in this request.</param>
/// <param name="Value">Its value when read; null when it is not set (or was not read).</param>
/// <param name="Reason">Why it could not be read, when it was not.</param>
public sealed record ObjectIdentifierRead(bool WasRead, string? Value, string? Reason)
{
    /// <summary>Graph answered the property; <paramref name="value"/> null means it is not set.</summary>
    public static ObjectIdentifierRead Answered(string? value) => new(true, string.IsNullOrEmpty(value) ? null : value, null);

    /// <summary>The property could not be read; <paramref name="reason"/> says why, in words an admin can act on.</summary>
    public static ObjectIdentifierRead Unreadable(string reason) => new(false, null, reason);
}
