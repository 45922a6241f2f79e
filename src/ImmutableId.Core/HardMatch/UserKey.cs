using System.Diagnostics.CodeAnalysis;

namespace ImmutableId.Core.HardMatch;

/// <summary>How the caller named a user: by userPrincipalName, or by the on-prem objectGUID.</summary>
public sealed record UserKey
{
    /// <summary>The longest UPN prefix (before the <c>@</c>) Entra accepts.</summary>
    public const int MaxLocalPartLength = 113;

    /// <summary>The longest UPN Entra accepts.</summary>
    public const int MaxLength = 256;

    // Entra's UPN rules: letters, digits and ' . - _ ! # ^ ~ before the @ (letters of any script are let
    // through here so that a non-ASCII name is answered as "not found", never as bad syntax).
    private const string LocalPunctuation = "'.-_!#^~";

    private UserKey(string? userPrincipalName, Guid? objectGuid)
    {
        UserPrincipalName = userPrincipalName;
        ObjectGuid = objectGuid;
    }

    /// <summary>The UPN, when the user was named by UPN.</summary>
    public string? UserPrincipalName { get; }

    /// <summary>The on-prem objectGUID, when the user was named by it.</summary>
    public Guid? ObjectGuid { get; }

    /// <summary>True when the user was named by objectGUID.</summary>
    [MemberNotNullWhen(true, nameof(ObjectGuid))]
    [MemberNotNullWhen(false, nameof(UserPrincipalName))]
    public bool IsObjectGuid => ObjectGuid is not null;

    /// <summary>The key as the caller would write it.</summary>
    public override string ToString() => IsObjectGuid ? ObjectGuid.Value.ToString("D") : UserPrincipalName;

    /// <summary>A key naming the on-prem object with this objectGUID.</summary>
    public static UserKey ForObjectGuid(Guid objectGuid) =>
        objectGuid == Guid.Empty ? throw new ArgumentException("The empty GUID names no object.", nameof(objectGuid)) : new(null, objectGuid);

    /// <summary>Reads <c>{user}</c>: a GUID (<c>D</c> or <c>B</c> form) names the on-prem object, anything else must be a UPN.</summary>
    /// <param name="text">The route value, already URL-decoded.</param>
    /// <param name="key">The key, when valid.</param>
    /// <param name="error">What is wrong and what to send instead, when invalid.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out UserKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "No user was given. Name the user by userPrincipalName (adele.vance@contoso.com) or by on-prem objectGUID (35918bc9-196d-40ea-9779-889d79b753f0).";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The user is {text.Length} characters long; a userPrincipalName is at most {MaxLength}.";
            return false;
        }

        if (TryParseGuid(text, out var guid))
        {
            if (guid == Guid.Empty)
            {
                error = "The empty GUID names no object. Send the user's objectGUID or userPrincipalName.";
                return false;
            }

            key = new UserKey(null, guid);
            error = null;
            return true;
        }

        error = CheckUserPrincipalName(text);
        if (error is not null)
        {
            return false;
        }

        key = new UserKey(text, null);
        return true;
    }

    /// <summary>Reads a GUID in the <c>D</c> (hyphens) or <c>B</c> (braces) form only.</summary>
    public static bool TryParseGuid(string? text, out Guid guid) =>
        Guid.TryParseExact(text, "D", out guid) || Guid.TryParseExact(text, "B", out guid);

    private static string? CheckUserPrincipalName(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || at != text.LastIndexOf('@'))
        {
            return "The user is neither a GUID (35918bc9-196d-40ea-9779-889d79b753f0) nor a userPrincipalName with exactly one '@' (adele.vance@contoso.com).";
        }

        var local = text.AsSpan(0, at);
        var domain = text.AsSpan(at + 1);
        if (local.Length == 0 || local.Length > MaxLocalPartLength)
        {
            return $"The part of the userPrincipalName before '@' must be 1 to {MaxLocalPartLength} characters long.";
        }

        if (local[0] == '.' || local[^1] == '.')
        {
            return "The part of the userPrincipalName before '@' may not start or end with '.'.";
        }

        foreach (var c in local)
        {
            if (!char.IsLetterOrDigit(c) && !LocalPunctuation.Contains(c, StringComparison.Ordinal))
            {
                return $"The userPrincipalName holds a character Entra does not allow before '@' ({Describe(c)}). Allowed: letters, digits and ' . - _ ! # ^ ~.";
            }
        }

        if (domain.Length == 0 || domain[0] == '.' || domain[^1] == '.' || domain[0] == '-' || !domain.Contains('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return "The part of the userPrincipalName after '@' must be a domain name such as contoso.com.";
        }

        foreach (var c in domain)
        {
            if (!char.IsLetterOrDigit(c) && c != '-' && c != '.')
            {
                return $"The domain of the userPrincipalName holds a character a domain name cannot have ({Describe(c)}).";
            }
        }

        return null;
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
