using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImmutableId.EntraEmulator.Seeding;

/// <summary>Reads tenant seeds (camelCase JSON) and the built-in demo tenant.</summary>
public static class SeedJson
{
    /// <summary>The serializer options of seed files.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Reads a seed file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid seed.</exception>
    public static TenantSeed Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>The demo tenant (Seeds/DemoTenant.json, embedded in the assembly).</summary>
    public static TenantSeed Demo()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ImmutableId.EntraEmulator.Seeds.DemoTenant.json")
            ?? throw new InvalidOperationException("The demo seed is not embedded.");
        return Read(stream, "DemoTenant.json");
    }

    /// <summary>Checks what JSON alone cannot: required fields present.</summary>
    /// <exception cref="InvalidDataException">A required field is missing.</exception>
    public static TenantSeed Validate(TenantSeed seed)
    {
        if (string.IsNullOrWhiteSpace(seed.TenantId) || !Guid.TryParse(seed.TenantId, out _))
        {
            throw new InvalidDataException("The seed needs a tenantId (a GUID).");
        }

        foreach (var user in seed.Users ?? [])
        {
            if (string.IsNullOrWhiteSpace(user.Id) || string.IsNullOrWhiteSpace(user.UserPrincipalName) || !user.UserPrincipalName.Contains('@'))
            {
                throw new InvalidDataException($"Every user needs an id and a userPrincipalName (user '{user.Id}').");
            }
        }

        return seed;
    }

    private static TenantSeed Read(Stream stream, string name)
    {
        try
        {
            var seed = JsonSerializer.Deserialize<TenantSeed>(stream, Options) ?? throw new InvalidDataException($"{name} is empty.");
            return Validate(seed);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name} is not a valid tenant seed: {ex.Message}", ex);
        }
    }
}
