using Microsoft.AspNetCore.Mvc.Testing;

namespace ImmutableId.Standalone.Tests;

/// <summary>The Standalone host in-process, on TestServer.</summary>
public sealed class StandaloneFactory : WebApplicationFactory<Program>;
