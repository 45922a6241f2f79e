namespace ImmutableId.Testing;

/// <summary>
/// The API's services as the hosts compose them (<see cref="ApiComposition"/>) over a local token issuer and a
/// temporary SQLite store, for tests that invoke handlers, the write guard or function classes directly.
/// Disposing stops the issuer and deletes the store.
/// </summary>
public sealed class ApiUnderTest : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "immutableid-api-" + Guid.NewGuid().ToString("N"));

    private ApiUnderTest(TestTokenIssuer issuer) => Issuer = issuer;

    public TestTokenIssuer Issuer { get; }

    public IServiceProvider Services => ServiceProvider;

    private Microsoft.Extensions.DependencyInjection.ServiceProvider ServiceProvider { get; set; } = null!;

    /// <summary>Starts the issuer and builds the services with <paramref name="settings"/> over the defaults.</summary>
    public static async Task<ApiUnderTest> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var api = new ApiUnderTest(await TestTokenIssuer.StartAsync());
        var all = new Dictionary<string, string?>(api.Issuer.AuthSettings)
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:SqlitePath"] = Path.Combine(api._directory, "api.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        api.ServiceProvider = ApiComposition.Build(all);
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        if (ServiceProvider is not null)
        {
            await ServiceProvider.DisposeAsync();
        }

        await Issuer.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
