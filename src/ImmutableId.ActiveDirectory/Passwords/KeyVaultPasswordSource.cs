using Azure;
using Azure.Security.KeyVault.Secrets;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Logging;

namespace ImmutableId.ActiveDirectory.Passwords;

/// <summary>
/// The password from a Key Vault secret, read with the managed identity, cached until the DC refuses it,
/// so rotating the secret needs no restart.
/// </summary>
internal sealed class KeyVaultPasswordSource(SecretClient client, string secretName, ILogger<KeyVaultPasswordSource> logger)
    : ILdapPasswordSource, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _cached;

    public async ValueTask<string?> GetPasswordAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } again)
            {
                return again;
            }

            KeyVaultSecret secret = await client.GetSecretAsync(secretName, null, cancellationToken).ConfigureAwait(false);
            Log.PasswordReadFromKeyVault(logger, secretName);
            return _cached = secret.Value;
        }
        catch (RequestFailedException ex)
        {
            throw new OnPremDirectoryException(
                OnPremFailure.Misconfigured,
                $"The LDAP bind password secret '{secretName}' could not be read from Key Vault (HTTP {ex.Status}, {ex.ErrorCode}). " +
                "Check OnPrem:KeyVaultUri, the secret name, and the identity's Key Vault Secrets User role.",
                ex);
        }
        catch (Azure.Identity.AuthenticationFailedException ex)
        {
            throw new OnPremDirectoryException(
                OnPremFailure.Misconfigured,
                $"No managed identity token for Key Vault to read secret '{secretName}': {ex.GetType().Name}.",
                ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _cached = null;

    public void Dispose() => _gate.Dispose();
}
