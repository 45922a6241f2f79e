namespace ImmutableId.Infra.Tests;

/// <summary>
/// Inputs that would deploy something that cannot work stop the deployment at validation, before anything is created,
/// with a message that says which azd environment value to set. `bicep snapshot` evaluates the template as ARM does.
/// </summary>
public sealed class InputValidationTests
{
    [Fact]
    public async Task Snapshot_EasyAuthWithoutClientId_FailsNamingApiAppClientId()
    {
        var (run, snapshot) = await DeploymentSnapshot.TryCreateAsync("easyAuthWithoutClientId");

        Assert.Null(snapshot);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("azd env set API_APP_CLIENT_ID", run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_HybridConnectionWithoutDc_FailsNamingEverySettingToSet()
    {
        var (run, snapshot) = await DeploymentSnapshot.TryCreateAsync("hybridConnectionWithoutDc");

        Assert.Null(snapshot);
        var output = run.StandardError + run.StandardOutput;
        Assert.Contains("azd env set LDAP_SERVER", output, StringComparison.Ordinal);
        Assert.Contains("azd env set LDAP_BASE_DNS", output, StringComparison.Ordinal);
        Assert.Contains("azd env set LDAP_BIND_USER_NAME", output, StringComparison.Ordinal);
        Assert.DoesNotContain("API_APP_CLIENT_ID", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_HybridConnectionWithAnEmptyBaseDn_FailsNamingLdapBaseDnsOnly()
    {
        var (run, snapshot) = await DeploymentSnapshot.TryCreateAsync("hybridConnectionEmptyBaseDn");

        Assert.Null(snapshot);
        var output = run.StandardError + run.StandardOutput;
        Assert.Contains("azd env set LDAP_BASE_DNS", output, StringComparison.Ordinal);
        Assert.DoesNotContain("LDAP_SERVER", output, StringComparison.Ordinal);
    }
}
