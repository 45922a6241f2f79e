using ImmutableId.EntraEmulator.Graph;

namespace ImmutableId.EntraEmulator.State;

/// <summary>Evaluates a <see cref="FilterNode"/> against a user (the properties <c>/users?$filter</c> accepts).</summary>
internal static class UserFilter
{
    public const string Id = "id";
    public const string UserPrincipalName = "userPrincipalName";
    public const string Mail = "mail";
    public const string OnPremisesImmutableId = "onPremisesImmutableId";
    public const string DisplayName = "displayName";
    public const string UserType = "userType";
    public const string AccountEnabled = "accountEnabled";
    public const string OnPremisesSyncEnabled = "onPremisesSyncEnabled";

    private static readonly string[] Filterable = [Id, UserPrincipalName, Mail, OnPremisesImmutableId, DisplayName, UserType, AccountEnabled, OnPremisesSyncEnabled];

    /// <summary>The canonical name of a filterable property, or null.</summary>
    public static string? Resolve(string name) =>
        Array.Find(Filterable, p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));

    public static bool Matches(FilterNode node, UserEntity user, LaggedView? view) => node switch
    {
        EqualsNode eq => Equal(eq.Property, Value(eq.Property, user, view), eq.Value),
        InNode @in => @in.Values.Any(v => Equal(@in.Property, Value(@in.Property, user, view), v)),
        StartsWithNode sw => Value(sw.Property, user, view) is string s &&
            s.StartsWith(sw.Prefix, sw.Property == OnPremisesImmutableId ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase),
        LogicalNode { IsAnd: true } and => Matches(and.Left, user, view) && Matches(and.Right, user, view),
        LogicalNode or => Matches(or.Left, user, view) || Matches(or.Right, user, view),
        _ => false,
    };

    private static object? Value(string property, UserEntity user, LaggedView? view)
    {
        var u = user.Data;
        return property switch
        {
            Id => u.Id,
            UserPrincipalName => u.UserPrincipalName,
            Mail => u.Mail,
            OnPremisesImmutableId => view is not null && user.ImmutableIdChangedAt > view.CutOff ? user.PreviousImmutableId : u.OnPremisesImmutableId,
            DisplayName => u.DisplayName,
            UserType => u.UserType,
            AccountEnabled => u.AccountEnabled,
            OnPremisesSyncEnabled => u.OnPremisesSyncEnabled,
            _ => null,
        };
    }

    private static bool Equal(string property, object? actual, object? literal) => (actual, literal) switch
    {
        (null, null) => true,
        (string a, string b) => string.Equals(a, b, property == OnPremisesImmutableId ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase),
        (bool a, bool b) => a == b,
        _ => false,
    };
}
