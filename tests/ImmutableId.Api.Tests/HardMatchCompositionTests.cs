using ImmutableId.Core.Entra;
using ImmutableId.Core.HardMatch;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace ImmutableId.Api.Tests;

/// <summary>The workflow as <c>AddHardMatch</c> builds it takes its lease timings from <c>Policy</c>, validated.</summary>
public sealed class HardMatchCompositionTests
{
    private static ServiceProvider Build(Dictionary<string, string?> policy)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(policy)
        {
            ["Policy:AllowedUpnDomains:0"] = "contoso.com",
            ["Policy:AllowedOrganizationalUnits:0"] = "OU=Staff,DC=contoso,DC=com",
        }).Build());
        services.AddLogging();
        services.AddSingleton(Mock.Of<IOnPremDirectory>());
        services.AddSingleton(Mock.Of<IEntraDirectory>());
        services.AddSingleton(Mock.Of<IWriteBudget>());
        services.AddHardMatch();
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddHardMatch_LeaseSettings_ReachTheWorkflow()
    {
        using var provider = Build(new() { ["Policy:LeaseSeconds"] = "90", ["Policy:LeaseWaitSeconds"] = "7" });

        var workflow = provider.GetRequiredService<HardMatchWorkflow>();

        Assert.Equal(TimeSpan.FromSeconds(90), workflow.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(7), workflow.LeaseWait);
    }

    [Fact]
    public void AddHardMatch_BulkWorkflow_TakesTheSameLeaseSettings()
    {
        // The job processor's workflow was built apart and dropped Policy:LeaseSeconds (its lease stayed 60 s).
        using var provider = Build(new() { ["Policy:LeaseSeconds"] = "90", ["Policy:LeaseWaitSeconds"] = "7" });

        var bulk = provider.GetRequiredKeyedService<HardMatchWorkflow>(WritePriority.Bulk);

        Assert.Equal(TimeSpan.FromSeconds(90), bulk.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(7), bulk.LeaseWait);
        Assert.NotSame(provider.GetRequiredService<HardMatchWorkflow>(), bulk);
    }

    [Fact]
    public void AddHardMatch_DefaultLease_IsSixtySeconds()
    {
        using var provider = Build([]);

        Assert.Equal(TimeSpan.FromSeconds(60), provider.GetRequiredService<HardMatchWorkflow>().LeaseDuration);
    }

    [Fact]
    public void AddHardMatch_LeaseOutOfRange_RefusedWithTheSettingNamed()
    {
        using var provider = Build(new() { ["Policy:LeaseSeconds"] = "5" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PolicyOptions>>().Value);

        Assert.Contains("LeaseSeconds", error.Message, StringComparison.Ordinal);
    }
}
