using System.Text.RegularExpressions;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// One configuration section the Functions app binds, as app setting names: <c>Section__Property</c>, list items
/// <c>Section__Property__N</c>, nested objects <c>Section__Property__Inner</c>.
/// </summary>
/// <param name="SectionName">The options class's <c>SectionName</c>.</param>
/// <param name="Source">The options type, or where the names come from while that type has not landed.</param>
/// <param name="Settings">Each bindable setting, as a pattern over app setting names.</param>
/// <param name="Required">Settings marked [Required] whose default does not satisfy it (names; lists as their prefix).</param>
/// <param name="Enums">Enum-typed settings and their enum, so values can be checked.</param>
internal sealed record OptionsSection(
    string SectionName,
    string Source,
    IReadOnlyList<Regex> Settings,
    IReadOnlyList<string> Required,
    IReadOnlyDictionary<string, Type> Enums)
{
    /// <summary>Whether an app setting name is one this section binds.</summary>
    public bool Binds(string appSettingName) => Settings.Any(pattern => pattern.IsMatch(appSettingName));
}
