using ImmutableId.Api.Health;
using ImmutableId.Core.Readiness;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace ImmutableId.Api.Tests.Health;

public sealed class ReadinessServiceTests
{
    [Fact]
    public async Task CheckAsync_WithinCacheDuration_ProbesOnce()
    {
        var probe = Probe(ReadinessDependency.Graph, ReadinessCheck.Ok);
        var service = Service(TimeSpan.FromHours(1), TimeSpan.FromSeconds(5), probe.Object);

        var first = await service.CheckAsync();
        var second = await service.CheckAsync();

        Assert.True(first.Ready);
        Assert.Same(first, second);
        probe.Verify(p => p.CheckAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task CheckAsync_CacheExpired_ProbesAgain()
    {
        var probe = Probe(ReadinessDependency.Graph, ReadinessCheck.Ok);
        var service = Service(TimeSpan.Zero, TimeSpan.FromSeconds(5), probe.Object);

        await service.CheckAsync();
        await service.CheckAsync();

        probe.Verify(p => p.CheckAsync(It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task CheckAsync_ConcurrentCallers_ShareOneRound()
    {
        var gate = new TaskCompletionSource<ReadinessCheck>(TaskCreationOptions.RunContinuationsAsynchronously);
        var probe = new Mock<IReadinessProbe>();
        probe.SetupGet(p => p.Dependency).Returns(ReadinessDependency.Storage);
        probe.Setup(p => p.CheckAsync(It.IsAny<CancellationToken>())).Returns(gate.Task);
        var service = Service(TimeSpan.Zero, TimeSpan.FromMinutes(1), probe.Object);

        var callers = Enumerable.Range(0, 5).Select(_ => service.CheckAsync()).ToArray();
        gate.SetResult(ReadinessCheck.Ok);
        var reports = await Task.WhenAll(callers);

        Assert.All(reports, r => Assert.Same(reports[0], r));
        probe.Verify(p => p.CheckAsync(It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task CheckAsync_ProbeHangs_FailsThatDependencyOnlyWithWhatToCheck()
    {
        var hanging = new Mock<IReadinessProbe>();
        hanging.SetupGet(p => p.Dependency).Returns(ReadinessDependency.OnPrem);
        hanging.Setup(p => p.CheckAsync(It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource<ReadinessCheck>().Task);
        var service = Service(TimeSpan.Zero, TimeSpan.FromMilliseconds(200), hanging.Object, Probe(ReadinessDependency.Graph, ReadinessCheck.Ok).Object);

        var report = await service.CheckAsync();

        Assert.False(report.Ready);
        var onPrem = report.Checks.Single(c => c.Key == ReadinessDependency.OnPrem).Value;
        Assert.False(onPrem.Ready);
        Assert.Contains("OnPrem:Server", onPrem.Check, StringComparison.Ordinal);
        Assert.True(report.Checks.Single(c => c.Key == ReadinessDependency.Graph).Value.Ready);
    }

    [Fact]
    public async Task CheckAsync_ProbeThrows_FailsThatDependencyWithoutTheMessage()
    {
        var throwing = new Mock<IReadinessProbe>();
        throwing.SetupGet(p => p.Dependency).Returns(ReadinessDependency.Storage);
        throwing.Setup(p => p.CheckAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("secret connection string"));
        var service = Service(TimeSpan.Zero, TimeSpan.FromSeconds(5), throwing.Object);

        var check = (await service.CheckAsync()).Checks.Single().Value;

        Assert.False(check.Ready);
        Assert.DoesNotContain("secret", check.Check, StringComparison.Ordinal);
        Assert.Equal("secret connection string", check.Error);
    }

    private static Mock<IReadinessProbe> Probe(string dependency, ReadinessCheck result)
    {
        var probe = new Mock<IReadinessProbe>();
        probe.SetupGet(p => p.Dependency).Returns(dependency);
        probe.Setup(p => p.CheckAsync(It.IsAny<CancellationToken>())).ReturnsAsync(result);
        return probe;
    }

    private static ReadinessService Service(TimeSpan cache, TimeSpan timeout, params IReadinessProbe[] probes) =>
        new(probes, Options.Create(new ReadinessOptions { CacheDuration = cache, ProbeTimeout = timeout }), TimeProvider.System, NullLogger<ReadinessService>.Instance);
}
