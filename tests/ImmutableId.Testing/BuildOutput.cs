namespace ImmutableId.Testing;

/// <summary>
/// Where the repository and a sibling project's build output are, seen from the running test or benchmark
/// (<c>&lt;root&gt;/&lt;tests|benchmarks&gt;/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/</c>): the same configuration and framework.
/// </summary>
public static class BuildOutput
{
    private static string Here => AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);

    /// <summary>The repository's root.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Here, "..", "..", "..", "..", ".."));

    /// <summary>The build output of <c>src/<paramref name="project"/></c> in this configuration and framework.</summary>
    public static string Of(string project)
    {
        var framework = Path.GetFileName(Here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(Here)!);
        return Path.Combine(RepositoryRoot, "src", project, "bin", configuration, framework);
    }
}
