namespace ImmutableId.EndToEnd.Tests;

/// <summary>One Standalone host, one emulator and the Samba DC for every end-to-end test; tests run one at a time and reset the emulator first.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "EndToEnd";
}
