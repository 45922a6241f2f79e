namespace ImmutableId.Infra.Tests;

/// <summary>Tests that share the deployment snapshots.</summary>
[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentSnapshots>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "deployment snapshots";
}
