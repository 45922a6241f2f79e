using System.Diagnostics;

namespace ImmutableId.Infra.Tests;

/// <summary>
/// tests/scripts/check-functions-publish.sh against the Release build (--no-build): certs/*.pem reach the publish
/// output (where OnPrem__TrustedCaPath points in hybridConnection mode), nothing else from certs/ does, and a
/// configured CA file that is not in the package fails the check. Run one at a time (they share certs/).
/// </summary>
public sealed class PublishCheckTests : IDisposable
{
    private static readonly string CertsFolder = Path.Combine(BicepCli.RepositoryRoot, "src", "ImmutableId.Functions", "certs");

    private readonly List<DirectoryInfo> _stateFolders = [];

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var folder in _stateFolders)
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Check_HybridConnectionWithTheCaInCerts_PublishesItAndNoOtherFile()
    {
        var name = $"infra-test-{Guid.NewGuid():N}";
        var pem = Path.Combine(CertsFolder, name + ".pem");
        var notPem = Path.Combine(CertsFolder, name + ".txt");
        try
        {
            await File.WriteAllTextAsync(pem, "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n");
            await File.WriteAllTextAsync(notPem, "not a certificate");

            var (exitCode, output, publish) = await RunCheckAsync("hybridConnection", $@"D:\home\site\wwwroot\certs\{name}.pem");

            Assert.True(exitCode == 0, output);
            Assert.True(File.Exists(Path.Combine(publish, "certs", name + ".pem")), output);
            Assert.False(File.Exists(Path.Combine(publish, "certs", name + ".txt")));
            Assert.False(File.Exists(Path.Combine(publish, "certs", "README.md")));
            Assert.Contains($"configured CA file certs/{name}.pem present", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(pem);
            File.Delete(notPem);
        }
    }

    [Fact]
    public async Task Check_HybridConnectionWithoutTheConfiguredCa_Fails()
    {
        var name = $"infra-test-missing-{Guid.NewGuid():N}.pem";

        var (exitCode, output, _) = await RunCheckAsync("hybridConnection", $@"D:\home\site\wwwroot\certs\{name}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"certs/{name} is not in the publish output", output, StringComparison.Ordinal);
        Assert.Contains($"src/ImmutableId.Functions/certs/{name}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AgentMode_NeedsNoCaFile()
    {
        var (exitCode, output, publish) = await RunCheckAsync("agent", caPath: null);

        Assert.True(exitCode == 0, output);
        Assert.True(File.Exists(Path.Combine(publish, "functions.metadata")));
        Assert.DoesNotContain("CA file", output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output, string PublishFolder)> RunCheckAsync(string mode, string? caPath)
    {
        var state = Directory.CreateTempSubdirectory("immutableid-publish-check-");
        _stateFolders.Add(state);
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BicepCli.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(BicepCli.RepositoryRoot, "tests", "scripts", "check-functions-publish.sh"));
        start.Environment["IMMUTABLEID_TEST_STATE"] = state.FullName;
        start.Environment["FUNCTIONS_PUBLISH_NO_BUILD"] = "1";
        start.Environment["ON_PREM_CONNECTIVITY"] = mode;
        if (caPath is null)
        {
            start.Environment.Remove("LDAP_TRUSTED_CA_PATH");
        }
        else
        {
            start.Environment["LDAP_TRUSTED_CA_PATH"] = caPath;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr, Path.Combine(state.FullName, "publish"));
    }
}
