using System.Reflection;

namespace ImmutableId.Integrations.Tests;

/// <summary>Paths in the repository, and the tools tests/servers installs (from $IMMUTABLEID_TEST_ENV, else their install folders).</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Integrations => Path.Combine(Root, "integrations");

    /// <summary>A tool's path: the environment variable test.sh publishes, else where its install script puts it.</summary>
    public static string Tool(string variable, string installedAt, string installScript)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path))
        {
            path = Path.Combine(Root, installedAt);
        }

        Assert.True(File.Exists(path), $"{variable}: {path} is missing. Run {installScript} (./test.sh runs every tests/servers/*/install.sh).");
        return path;
    }
}
