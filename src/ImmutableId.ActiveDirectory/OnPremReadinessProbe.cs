using System.DirectoryServices.Protocols;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Core.OnPrem;
using ImmutableId.Core.Readiness;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory;

/// <summary>
/// On-prem readiness. Ldap: a fresh connection (the shared one is left alone), bind, and a base read of every
/// configured base DN. Ldif: the snapshot file can be opened and read. Agent: not available in this version.
/// </summary>
internal sealed class OnPremReadinessProbe(IOptions<OnPremOptions> options, ILdapPasswordSource passwords) : IReadinessProbe
{
    // One connector for the process: it prepares the CA folder once.
    private readonly Lazy<LdapConnector> _connector = new(() => new LdapConnector(options.Value));

    public string Dependency => ReadinessDependency.OnPrem;

    public async Task<ReadinessCheck> CheckAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        return settings.Mode switch
        {
            OnPremMode.Ldap => await CheckLdapAsync(cancellationToken).ConfigureAwait(false),
            OnPremMode.Ldif => await CheckLdifAsync(settings.LdifPath, cancellationToken).ConfigureAwait(false),
            _ => ReadinessCheck.Failed("OnPrem:Mode is Agent, and the on-prem agent is not part of this version: use Ldap or Ldif."),
        };
    }

    private async Task<ReadinessCheck> CheckLdapAsync(CancellationToken cancellationToken)
    {
        string? password;
        try
        {
            password = await passwords.GetPasswordAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessCheck.Failed(
                "The LDAP bind password could not be read: check OnPrem:KeyVaultUri, OnPrem:BindPasswordSecretName and the identity's access to the vault.",
                ex.Message);
        }

        var connector = _connector.Value;

        // S.DS.Protocols blocks: run it off the request thread and stop waiting when the readiness timeout ends.
        return await Task.Run(() => BindAndRead(connector, password), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ReadinessCheck BindAndRead(LdapConnector connector, string? password)
    {
        try
        {
            using var connection = connector.Connect(password);
            foreach (var baseDn in connector.Options.BaseDns.Where(d => !string.IsNullOrWhiteSpace(d)))
            {
                try
                {
                    connection.SendRequest(new SearchRequest(baseDn, "(objectClass=*)", SearchScope.Base, "objectClass"), connector.Options.Timeout);
                }
                catch (Exception ex) when (ex is LdapException or DirectoryOperationException)
                {
                    throw connector.Map(ex, "base read");
                }
            }

            return ReadinessCheck.Ok;
        }
        catch (OnPremDirectoryException ex)
        {
            return ReadinessCheck.Failed(CheckFor(ex.Failure), ex.Message);
        }
    }

    private static string CheckFor(OnPremFailure failure) => failure switch
    {
        OnPremFailure.Unreachable or OnPremFailure.Timeout =>
            "The domain controller did not answer: check OnPrem:Server and OnPrem:Port, DNS, and the network path (in Azure: the Hybrid Connection and its relay agent).",
        OnPremFailure.InvalidCredentials =>
            "The domain controller refused the bind: check OnPrem:BindUserName and the bind password (or its Key Vault secret).",
        OnPremFailure.TlsTrust =>
            "TLS with the domain controller failed: check OnPrem:TrustedCaPath and that the DC's certificate names OnPrem:Server.",
        _ => "A base DN could not be read: check OnPrem:BaseDns and the bind account's read rights.",
    };

    private static async Task<ReadinessCheck> CheckLdifAsync(string? path, CancellationToken cancellationToken)
    {
        try
        {
            var stream = new FileStream(path ?? throw new FileNotFoundException("OnPrem:LdifPath is not set."), FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[1];
                _ = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }

            return ReadinessCheck.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ReadinessCheck.Failed("The LDIF snapshot cannot be read: check OnPrem:LdifPath and the file's permissions.", ex.Message);
        }
    }
}
