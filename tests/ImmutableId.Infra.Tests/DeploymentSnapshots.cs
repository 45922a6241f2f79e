namespace ImmutableId.Infra.Tests;

/// <summary>One snapshot per parameter set, made once for all tests of the collection.</summary>
public sealed class DeploymentSnapshots : IAsyncLifetime
{
    /// <summary>The parameter sets under Parameters/.</summary>
    public static readonly string[] ParameterSets = ["agent", "hybridConnection", "keyVaultReference", "hybridConnectionOutsideFlexRegions"];

    private readonly Dictionary<string, DeploymentSnapshot> _snapshots = new(StringComparer.Ordinal);

    internal DeploymentSnapshot this[string parameterSet] => _snapshots[parameterSet];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        foreach (var set in ParameterSets)
        {
            _snapshots[set] = await DeploymentSnapshot.CreateAsync(set);
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;
}
