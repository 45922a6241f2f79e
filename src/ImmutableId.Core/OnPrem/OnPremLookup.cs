namespace ImmutableId.Core.OnPrem;

/// <summary>The result of looking up one AD user: found, not found, or ambiguous (with the DNs that matched).</summary>
public sealed record OnPremLookup
{
    private OnPremLookup(OnPremUser? user, IReadOnlyList<string> matches)
    {
        User = user;
        Matches = matches;
    }

    /// <summary>The user, when exactly one matched.</summary>
    public OnPremUser? User { get; }

    /// <summary>The DNs of every match (empty when none, one entry when found).</summary>
    public IReadOnlyList<string> Matches { get; }

    /// <summary>True when exactly one user matched.</summary>
    public bool Found => User is not null;

    /// <summary>True when more than one user matched.</summary>
    public bool Ambiguous => User is null && Matches.Count > 1;

    public static OnPremLookup NotFound { get; } = new(null, []);

    public static OnPremLookup Of(OnPremUser user) => new(user, [user.DistinguishedName]);

    public static OnPremLookup AmbiguousOf(IReadOnlyList<string> distinguishedNames) => new(null, distinguishedNames);

    /// <summary>Builds the lookup from every user that matched.</summary>
    public static OnPremLookup FromMatches(IReadOnlyList<OnPremUser> users) => users.Count switch
    {
        0 => NotFound,
        1 => Of(users[0]),
        _ => AmbiguousOf(users.Select(u => u.DistinguishedName).ToArray()),
    };
}
