using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// The configuration the Functions app binds, found by reflection: every type with
/// <c>public const string SectionName</c> in the ImmutableId assemblies the Functions app loads, and its public
/// bindable properties.
/// </summary>
internal static class BoundOptions
{
    /// <summary>
    /// Sections whose options class is built on another branch and may not be merged yet: the names from the briefs.
    /// Used only while no class with that SectionName is found; the class always wins once it is there.
    /// </summary>
    private static readonly Dictionary<string, string[]> PendingSections = new(StringComparer.Ordinal)
    {
        // `[]` = a list (Name__0, Name__1…); `!` = required without a usable default (must be set).
        ["Auth"] = ["TenantId", "Instance", "MetadataAddress", "Audiences[]", "AllowedIssuers[]", "AcceptedScopes[]", "ClockSkew", "MetadataRefreshInterval", "Sandbox", "CallerScopes[]"],
        ["Storage"] = ["Provider", "SqlitePath", "TableServiceUri", "ManagedIdentityClientId", "TableConnectionString", "TablePrefix"],
    };

    /// <summary>
    /// The Functions app's assembly and every ImmutableId assembly it references, transitively, plus the adapters it
    /// hosts (on-prem directory, Graph) in case its Program does not reference them yet.
    /// </summary>
    public static IReadOnlyList<Assembly> FunctionsAssemblies()
    {
        Assembly[] roots =
        [
            typeof(ImmutableId.Functions.FunctionsHostBuilderExtensions).Assembly,
            typeof(ImmutableId.ActiveDirectory.OnPremOptions).Assembly,
            typeof(ImmutableId.Entra.EntraOptions).Assembly,
        ];
        var found = roots.ToDictionary(a => a.GetName().Name!, StringComparer.Ordinal);
        var queue = new Queue<Assembly>(roots);
        while (queue.Count > 0)
        {
            foreach (var reference in queue.Dequeue().GetReferencedAssemblies())
            {
                if (reference.Name is { } name && name.StartsWith("ImmutableId.", StringComparison.Ordinal) && !found.ContainsKey(name))
                {
                    var assembly = Assembly.Load(reference);
                    found[name] = assembly;
                    queue.Enqueue(assembly);
                }
            }
        }

        return [.. found.Values];
    }

    /// <summary>Every section the Functions app binds: from its option classes, else from <see cref="PendingSections"/>.</summary>
    public static IReadOnlyList<OptionsSection> Sections()
    {
        var sections = new Dictionary<string, OptionsSection>(StringComparer.Ordinal);
        foreach (var type in FunctionsAssemblies().SelectMany(LoadableTypes))
        {
            var field = type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static);
            if (field is { IsLiteral: true } && field.FieldType == typeof(string) && field.GetRawConstantValue() is string name)
            {
                Assert.False(sections.ContainsKey(name), $"two option classes bind section {name}: {sections.GetValueOrDefault(name)?.Source} and {type.FullName}");
                sections[name] = FromType(name, type);
            }
        }

        foreach (var (name, properties) in PendingSections)
        {
            if (!sections.ContainsKey(name))
            {
                var names = properties.Select(p => p.TrimEnd('!')).ToList();
                var patterns = names.Select(p => p.EndsWith("[]", StringComparison.Ordinal)
                    ? Pattern($"{name}__{p[..^2]}", indexed: true)
                    : Pattern($"{name}__{p}", indexed: false)).ToList();
                var required = properties.Where(p => p.EndsWith('!')).Select(p => $"{name}__{p.TrimEnd('!').Replace("[]", string.Empty, StringComparison.Ordinal)}").ToList();
                sections[name] = new OptionsSection(name, "pending: its option class is not merged yet; names from its branch", patterns, required, new Dictionary<string, Type>());
            }
        }

        return [.. sections.Values];
    }

    /// <summary>The app setting names one options type binds under <paramref name="sectionName"/>.</summary>
    internal static OptionsSection FromType(string sectionName, Type type)
    {
        var patterns = new List<Regex>();
        var required = new List<string>();
        var enums = new Dictionary<string, Type>(StringComparer.Ordinal);
        Flatten(type, Regex.Escape(sectionName), sectionName, patterns, required, enums, depth: 0);
        return new OptionsSection(sectionName, type.FullName!, patterns, required, enums);
    }

    private static void Flatten(
        Type type, string prefixPattern, string prefixName, List<Regex> patterns, List<string> required, Dictionary<string, Type> enums, int depth)
    {
        var defaults = type.GetConstructor(Type.EmptyTypes) is not null && !type.IsAbstract ? Activator.CreateInstance(type) : null;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
            {
                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = ElementType(propertyType);
            var settable = property.SetMethod is { IsPublic: true };
            if (!settable && element is null)
            {
                continue; // the binder fills get-only properties only when they are collections
            }

            var pattern = $"{prefixPattern}__{Regex.Escape(property.Name)}";
            var name = $"{prefixName}__{property.Name}";
            if (element is not null)
            {
                var itemPattern = $"{pattern}__[^_]+(__[^_].*)?";
                patterns.Add(new Regex($"^{itemPattern}$", RegexOptions.CultureInvariant));
            }
            else if (IsScalar(propertyType) || depth > 4)
            {
                patterns.Add(new Regex($"^{pattern}$", RegexOptions.CultureInvariant));
                if (propertyType.IsEnum)
                {
                    enums[name] = propertyType;
                }
            }
            else
            {
                Flatten(propertyType, pattern, name, patterns, required, enums, depth + 1);
            }

            // [Required] must come from configuration only when the class's own default does not satisfy it.
            if (property.GetCustomAttribute<RequiredAttribute>() is not null && !HasUsableDefault(defaults is null ? null : property.GetValue(defaults)))
            {
                required.Add(name);
            }
        }
    }

    private static bool HasUsableDefault(object? value) => value switch
    {
        null => false,
        string text => !string.IsNullOrWhiteSpace(text),
        IEnumerable items => items.Cast<object?>().Any(),
        _ => true,
    };

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces().Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0]
              ?? typeof(object);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime)
        || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParsable<>));

    private static Regex Pattern(string name, bool indexed) =>
        new(indexed ? $"^{Regex.Escape(name)}__[^_]+$" : $"^{Regex.Escape(name)}$", RegexOptions.CultureInvariant);

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
