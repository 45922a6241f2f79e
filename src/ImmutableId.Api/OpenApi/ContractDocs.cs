using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// The XML documentation of the contract records (the compiler's <c>&lt;assembly&gt;.xml</c> beside each assembly),
/// so the OpenAPI descriptions are the ones written once on the records. Missing files give no descriptions, not errors.
/// </summary>
internal static class ContractDocs
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Cache = new();

    /// <summary>The summary of a property, or null.</summary>
    public static string? Property(Type owner, string propertyName) =>
        Lookup(owner.Assembly, $"P:{MemberName(owner)}.{propertyName}");

    /// <summary>The summary of an enum member, or null.</summary>
    public static string? EnumMember(Type enumType, string memberName) =>
        Lookup(enumType.Assembly, $"F:{MemberName(enumType)}.{memberName}");

    private static string MemberName(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string? Lookup(Assembly assembly, string key) =>
        Cache.GetOrAdd(assembly, Load).TryGetValue(key, out var text) ? text : null;

    private static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return result;
        }

        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return result;
        }

        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            var name = member.Attribute("name")?.Value;
            var summary = member.Element("summary");
            if (name is not null && summary is not null)
            {
                result[name] = Flatten(summary);
            }
        }

        return result;
    }

    /// <summary>Plain text: <c>&lt;c&gt;x&lt;/c&gt;</c> becomes x, a <c>&lt;see cref&gt;</c> its last name segment.</summary>
    private static string Flatten(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" or "seealso" } e => e.Attribute("cref")?.Value.Split('.', ':')[^1] ?? e.Attribute("langword")?.Value ?? e.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } e => e.Attribute("name")?.Value,
                XElement e => Flatten(e),
                _ => string.Empty,
            });
        }

        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
