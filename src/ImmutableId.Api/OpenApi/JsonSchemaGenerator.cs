using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using ImmutableId.Api.Http;
using Microsoft.OpenApi;

namespace ImmutableId.Api.OpenApi;

/// <summary>
/// Schemas for the contract records, read from the same serializer metadata <see cref="ApiJson.Options"/> writes with:
/// property names as they appear on the wire, enums as their camelCase strings, nullability from the C# annotations.
/// Objects become components (referenced by name); everything else is inlined.
/// </summary>
internal sealed class JsonSchemaGenerator(OpenApiDocument document)
{
    private readonly NullabilityInfoContext _nullability = new();

    /// <summary>The CLR type behind every component schema generated so far.</summary>
    public Dictionary<string, Type> ComponentTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>The schema of <paramref name="type"/>: a reference for objects, inline otherwise.</summary>
    public IOpenApiSchema SchemaFor(Type type, bool nullable = false)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return SchemaFor(underlying, nullable: true);
        }

        var scalar = Scalar(type);
        if (scalar is not null)
        {
            if (nullable)
            {
                scalar.Type |= JsonSchemaType.Null;
            }

            return scalar;
        }

        if (type == typeof(object))
        {
            return new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalPropertiesAllowed = true };
        }

        var info = ApiJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable:
                return new OpenApiSchema
                {
                    Type = nullable ? JsonSchemaType.Array | JsonSchemaType.Null : JsonSchemaType.Array,
                    Items = SchemaFor(info.ElementType!),
                };
            case JsonTypeInfoKind.Dictionary:
                return new OpenApiSchema
                {
                    Type = nullable ? JsonSchemaType.Object | JsonSchemaType.Null : JsonSchemaType.Object,
                    AdditionalProperties = SchemaFor(info.ElementType!),
                };
            case JsonTypeInfoKind.Object when info.PolymorphismOptions is { DerivedTypes.Count: > 0 } polymorphic:
                // One of several contracts ([JsonDerivedType], written as the one it is): oneOf their schemas.
                return new OpenApiSchema
                {
                    OneOf = [.. polymorphic.DerivedTypes.Select(d => SchemaFor(d.DerivedType))],
                    Type = nullable ? JsonSchemaType.Null : null,
                };
            case JsonTypeInfoKind.Object:
                // OpenAPI 3.0 cannot put "nullable" beside a $ref: a nullable object is allOf [ref] + nullable.
                return nullable
                    ? new OpenApiSchema { AllOf = [Reference(type, info)], Type = JsonSchemaType.Object | JsonSchemaType.Null }
                    : Reference(type, info);
            default:
                throw new NotSupportedException($"No schema mapping for {type}: add one to {nameof(JsonSchemaGenerator)}.");
        }
    }

    /// <summary>The component name of a contract type: nested records carry their parent's name.</summary>
    public static string ComponentName(Type type) =>
        type.DeclaringType is { } parent ? ComponentName(parent) + type.Name : type.Name;

    private OpenApiSchemaReference Reference(Type type, JsonTypeInfo info)
    {
        var name = ComponentName(type);
        if (ComponentTypes.TryGetValue(name, out var existing))
        {
            if (existing != type)
            {
                throw new InvalidOperationException($"Two contract types share the schema name {name}: {existing} and {type}.");
            }

            return new OpenApiSchemaReference(name, document);
        }

        ComponentTypes[name] = type;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Title = Humanize(type.DeclaringType is null ? type.Name : type.Name.Replace("View", string.Empty, StringComparison.Ordinal)),
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
            Required = new HashSet<string>(StringComparer.Ordinal),
        };
        document.Components.Schemas[name] = schema;

        foreach (var property in info.Properties)
        {
            var nullable = IsNullable(type, property);
            var propertySchema = SchemaFor(property.PropertyType, nullable);
            if (propertySchema is OpenApiSchema inline)
            {
                inline.Extensions ??= new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal);
                inline.Extensions["x-ms-summary"] = new JsonNodeExtension(JsonValue.Create(Humanize(property.Name)));
                var memberName = property.AttributeProvider is MemberInfo member ? member.Name : property.Name;
                if (ContractDocs.Property(type, memberName) is { } text)
                {
                    inline.Description = inline.Description is null ? text : text + " " + inline.Description;
                }

                // A property that holds one of a few fixed values ([AllowedValues]) says so: it tells apart the
                // contracts of a oneOf (HealthResponse's "Healthy", ReadinessResponse's "Ready").
                if (property.AttributeProvider is MemberInfo owner && owner.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
                {
                    inline.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString() ?? string.Empty))];
                }
            }

            schema.Properties[property.Name] = propertySchema;
            if (!nullable)
            {
                schema.Required.Add(property.Name);
            }
        }

        return new OpenApiSchemaReference(name, document);
    }

    private bool IsNullable(Type owner, JsonPropertyInfo property)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }

        if (property.PropertyType.IsValueType)
        {
            return false;
        }

        var member = owner.GetProperty(property.AttributeProvider is MemberInfo m ? m.Name : property.Name, BindingFlags.Public | BindingFlags.Instance);
        return member is null || _nullability.Create(member).ReadState != NullabilityState.NotNull;
    }

    private static OpenApiSchema? Scalar(Type type)
    {
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var documented = names
                .Select(n => (Value: JsonNamingPolicy.CamelCase.ConvertName(n), Text: ContractDocs.EnumMember(type, n)))
                .Where(n => n.Text is not null)
                .Select(n => $"{n.Value}: {n.Text}")
                .ToArray();
            return new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = names.Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n))).ToList(),
                Description = documented.Length == 0 ? null : string.Join(" ", documented),
            };
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => new OpenApiSchema { Type = JsonSchemaType.String },
            TypeCode.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            TypeCode.Int32 or TypeCode.Int16 or TypeCode.Byte => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            TypeCode.Int64 => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
            TypeCode.Double or TypeCode.Decimal or TypeCode.Single => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
            TypeCode.DateTime => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            _ when type == typeof(DateTimeOffset) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            _ when type == typeof(Guid) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
            _ when type == typeof(TimeSpan) => new OpenApiSchema { Type = JsonSchemaType.String, Description = "A duration as d.hh:mm:ss." },
            _ => null,
        };
    }

    /// <summary>"onPremisesImmutableId" → "On Premises Immutable ID": a display name for connector UIs (title case, as connectors recommend for x-ms-summary).</summary>
    internal static string Humanize(string name)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 1; i <= name.Length; i++)
        {
            if (i == name.Length || (char.IsUpper(name[i]) && !char.IsUpper(name[i - 1])))
            {
                words.Add(name[start..i]);
                start = i;
            }
        }

        return string.Join(' ', words.Select((w, i) => w.ToLowerInvariant() switch
        {
            "id" or "guid" or "upn" or "dn" or "ldap" => w.ToUpperInvariant(),
            _ => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant(),
        }));
    }
}
