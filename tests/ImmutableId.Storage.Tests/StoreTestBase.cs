using Microsoft.Extensions.Time.Testing;

namespace ImmutableId.Storage.Tests;

/// <summary>
/// One fresh store per test, for every contract suite: the suite says when its clock starts, each provider's class
/// how to create (<see cref="CreateStoreAsync"/>) and remove (<see cref="DeleteStoreAsync"/>) its store — usually with
/// <see cref="TestStores"/>.
/// </summary>
public abstract class StoreTestBase(DateTimeOffset start) : IAsyncLifetime
{
    private StoreUnderTest? _store;

    protected StoreUnderTest Store => _store ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Fresh, empty stores for one test.</summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync(FakeTimeProvider clock);

    /// <summary>Removes what <see cref="CreateStoreAsync"/> created.</summary>
    protected abstract Task DeleteStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync(new FakeTimeProvider(start));

    public virtual async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        await DeleteStoreAsync();
    }
}
