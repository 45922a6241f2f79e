using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ImmutableId.Standalone.Tests.Jobs;
using ImmutableId.Testing;

namespace ImmutableId.Standalone.Tests;

/// <summary>
/// The shell examples of README.md and docs/*.md are tests. A fenced block opened with <c>```bash sandbox</c> (or
/// <c>sh</c>) runs against a fresh sandbox host process, with the page's other sandbox blocks, in page order, in one
/// bash session (<c>set -euo pipefail</c>; variables carry over as they do for a reader), from a scratch directory
/// whose <c>docs</c> is the repository's (the sample files). <c>http://localhost:7071</c> is replaced by the host's
/// address. Lines <c>#&gt; …</c> in a block are its expected output, compared line by line. Every other bash/sh block
/// must say why it cannot run here: <c>```bash norun: needs Azure</c>.
/// </summary>
public sealed partial class DocsExamplesTests
{
    private const string DocumentedBaseUrl = "http://localhost:7071";

    public static TheoryData<string> PagesWithExamples
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var page in PagesThatRun())
            {
                data.Add(page);
            }

            return data;
        }
    }

    [Fact]
    public void Pages_TheTourAndTheGuidesHaveExamplesThatRun()
    {
        var pages = PagesThatRun().ToArray();

        Assert.Contains("README.md", pages);
        Assert.Contains("docs/api.md", pages);
        Assert.Contains("docs/jobs.md", pages);
    }

    [Fact]
    public void EveryShellBlock_IsMarkedToRunOrSaysWhyNot()
    {
        var unmarked = Pages()
            .SelectMany(page => Blocks(page).Where(b => !b.Runs && !b.Marker.StartsWith("norun: ", StringComparison.Ordinal))
                .Select(b => $"{page}:{b.Line} ```{b.Language} {b.Marker}"))
            .ToArray();

        Assert.True(unmarked.Length == 0, "Mark each shell block 'sandbox' (run by this test) or 'norun: <why>':\n" + string.Join('\n', unmarked));
    }

    [Theory]
    [MemberData(nameof(PagesWithExamples))]
    public async Task Page_SandboxExamples_AnswerAsDocumentedOnAFreshSandbox(string page)
    {
        var scratch = Directory.CreateTempSubdirectory("immutableid-examples-").FullName;
        try
        {
            Directory.CreateSymbolicLink(Path.Combine(scratch, "docs"), Path.Combine(BuildOutput.RepositoryRoot, "docs"));
            await using var host = await StandaloneProcess.StartAsync(new Dictionary<string, string?>
            {
                ["TMPDIR"] = scratch,
                ["Telemetry:Exporter"] = "None",
            });
            var blocks = Blocks(page).Where(b => b.Runs).ToArray();
            var script = new StringBuilder("set -euo pipefail\n");
            for (var i = 0; i < blocks.Length; i++)
            {
                script.Append("echo '@@example ").Append(i).Append("@@'\n");
                script.Append(blocks[i].Code.Replace(DocumentedBaseUrl, host.BaseUrl, StringComparison.Ordinal)).Append('\n');
            }

            var (exitCode, stdout, stderr) = await RunBashAsync(script.ToString(), scratch);

            var outputs = SplitByExample(stdout, blocks.Length);
            Assert.True(exitCode == 0, $"{page}: the examples exited {exitCode} in example {outputs.Count - 1} (line {blocks[Math.Max(outputs.Count - 1, 0)].Line}).\nstdout:\n{stdout}\nstderr:\n{stderr}\nhost:\n{host.Output}");
            for (var i = 0; i < blocks.Length; i++)
            {
                if (blocks[i].Expected.Count > 0)
                {
                    Assert.True(
                        blocks[i].Expected.SequenceEqual(outputs[i]),
                        $"{page}:{blocks[i].Line}: the example answered\n{string.Join('\n', outputs[i])}\nbut the page says\n{string.Join('\n', blocks[i].Expected)}");
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static IEnumerable<string> PagesThatRun() => Pages().Where(p => Blocks(p).Any(b => b.Runs));

    /// <summary>README.md and every page under docs/, relative to the repository root.</summary>
    private static IEnumerable<string> Pages()
    {
        var root = BuildOutput.RepositoryRoot;
        return new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            .Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'));
    }

    /// <summary>The bash/sh fenced blocks of a page, with their marker, code and expected output (<c>#&gt; </c> lines).</summary>
    private static IEnumerable<ShellBlock> Blocks(string page)
    {
        var lines = File.ReadAllLines(Path.Combine(BuildOutput.RepositoryRoot, page));
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success)
            {
                if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal) && lines[i].Trim().Length > 3)
                {
                    // Another language's block: skip to its end.
                    while (++i < lines.Length && lines[i].Trim() != "```")
                    {
                    }
                }

                continue;
            }

            var start = i + 1;
            var code = new List<string>();
            while (++i < lines.Length && lines[i].Trim() != "```")
            {
                code.Add(lines[i]);
            }

            var expected = code.Where(l => l.TrimStart().StartsWith("#> ", StringComparison.Ordinal) || l.Trim() == "#>")
                .Select(l => l.TrimStart().Length > 2 ? l.TrimStart()[3..] : string.Empty)
                .ToArray();
            yield return new ShellBlock(start, open.Groups["lang"].Value, open.Groups["marker"].Value.Trim(), string.Join('\n', code), expected);
        }
    }

    private static List<List<string>> SplitByExample(string stdout, int count)
    {
        var outputs = new List<List<string>>();
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("@@example ", StringComparison.Ordinal))
            {
                outputs.Add([]);
            }
            else if (outputs.Count > 0 && line.Length > 0)
            {
                outputs[^1].Add(line.TrimEnd('\r'));
            }
        }

        while (outputs.Count < count)
        {
            outputs.Add([]);
        }

        return outputs;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunBashAsync(string script, string workingDirectory)
    {
        var path = Path.Combine(workingDirectory, "examples.sh");
        await File.WriteAllTextAsync(path, script);
        var start = new ProcessStartInfo("bash", [path])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against an example that never ends (a watch loop whose job never finishes), not a timing assertion.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"^\s*```(?<lang>bash|sh)(?<marker>(\s.*)?)$")]
    private static partial Regex Fence();

    private sealed record ShellBlock(int Line, string Language, string Marker, string Code, IReadOnlyList<string> Expected)
    {
        public bool Runs => Marker == "sandbox";
    }
}
