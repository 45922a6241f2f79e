using ImmutableId.Core.Entra;
using Moq;

namespace ImmutableId.Testing;

/// <summary>A Moq double of <see cref="IEntraDirectory"/>'s two reads (resolve, then facts) from one description of what Graph holds.</summary>
public static class EntraDirectoryMocks
{
    /// <summary>
    /// Sets up <see cref="IEntraDirectory.ResolveUserAsync"/> and <see cref="IEntraDirectory.GetFactsAsync"/> so that a
    /// name reads as <paramref name="read"/> describes it (a null user: not found). <paramref name="onRead"/> runs once per resolve.
    /// </summary>
    public static Mock<IEntraDirectory> SetupReads(this Mock<IEntraDirectory> entra, Func<string, CloudPreflight> read, Action? onRead = null)
    {
        ArgumentNullException.ThrowIfNull(entra);
        ArgumentNullException.ThrowIfNull(read);
        entra.Setup(d => d.ResolveUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string name, CancellationToken _) =>
            {
                onRead?.Invoke();
                var preflight = read(name);
                return preflight.User is null
                    ? CloudUserResolution.NotFound
                    : new CloudUserResolution(preflight.User, preflight.ObjectIdentifier ?? ObjectIdentifierRead.Unreadable("not read by the test double"));
            });
        entra.Setup(d => d.GetFactsAsync(It.IsAny<CloudUserResolution>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((CloudUserResolution resolved, string? _, CancellationToken _) => resolved.User is null
                ? new CloudPreflight(null, DomainAuthentication.Unknown, [], [], resolved.ObjectIdentifier)
                : read(resolved.User.UserPrincipalName) with { User = resolved.User });
        return entra;
    }

    /// <summary>Every read fails with <paramref name="error"/>.</summary>
    public static Mock<IEntraDirectory> SetupReadFailure(this Mock<IEntraDirectory> entra, Exception error)
    {
        ArgumentNullException.ThrowIfNull(entra);
        entra.Setup(d => d.ResolveUserAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);
        entra.Setup(d => d.GetFactsAsync(It.IsAny<CloudUserResolution>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ThrowsAsync(error);
        return entra;
    }
}
