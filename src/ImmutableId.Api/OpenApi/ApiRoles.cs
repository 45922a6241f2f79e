namespace ImmutableId.Api.OpenApi;

/// <summary>The app roles the documents describe (the values of the token's <c>roles</c> claim).</summary>
internal static class ApiRoles
{
    public const string Read = "ImmutableId.Read";
    public const string Write = "ImmutableId.Write";
    public const string Clear = "ImmutableId.Clear";
    public const string Agent = "ImmutableId.Agent";

    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [Read] = "Status, convert and the audit operations.",
        [Write] = "Set (hard match), including its dry run.",
        [Clear] = "Clear, including its dry run.",
        [Agent] = "The on-prem agent posting anchors.",
    };
}
