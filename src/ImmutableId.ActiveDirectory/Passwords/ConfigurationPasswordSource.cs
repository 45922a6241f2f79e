using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Passwords;

/// <summary>The password from <see cref="OnPremOptions.BindPassword"/> (in Azure, a Key Vault reference resolved by the platform).</summary>
internal sealed class ConfigurationPasswordSource(IOptionsMonitor<OnPremOptions> options) : ILdapPasswordSource
{
    public ValueTask<string?> GetPasswordAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(options.CurrentValue.BindPassword);

    public void Invalidate()
    {
        // Configuration reloads by itself; nothing is cached here.
    }
}
