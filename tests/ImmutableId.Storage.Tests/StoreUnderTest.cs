using ImmutableId.Core.Audit;
using ImmutableId.Core.Housekeeping;
using ImmutableId.Core.Idempotency;
using ImmutableId.Core.Jobs;
using ImmutableId.Core.Leases;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>The stores (audit, idempotency, leases, jobs, job queue, write budget), built exactly as the hosts build them (AddImmutableIdStorage over configuration).</summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public StoreUnderTest(IReadOnlyDictionary<string, string?> settings, FakeTimeProvider clock)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(clock);
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName);
        services.AddImmutableIdStorage();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    public IIdempotencyStore Idempotency => _services.GetRequiredService<IIdempotencyStore>();

    public IUserLease Leases => _services.GetRequiredService<IUserLease>();

    public IStoreHousekeeping Housekeeping => _services.GetRequiredService<IStoreHousekeeping>();

    public IJobStore Jobs => _services.GetRequiredService<IJobStore>();

    public IJobQueue Queue => _services.GetRequiredService<IJobQueue>();

    public IWriteBudget Budget => _services.GetRequiredService<IWriteBudget>();

    public IServiceProvider Services => _services;

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
