using System.DirectoryServices.Protocols;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Core.Agents;
using ImmutableId.Core.OnPrem;
using ImmutableId.Core.Readiness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory;

/// <summary>
/// On-prem readiness. Ldap: a fresh connection (the shared one is left alone), bind, and a base read of every
/// configured base DN. Ldif: the snapshot file can be opened and read. Agent: every bound agent has synced within
/// Agents:StaleAfter (read from the mirror without counting entries).
/// </summary>
internal sealed class OnPremReadinessProbe(IOptions<OnPremOptions> options, ILdapPasswordSource passwords, IServiceProvider services) : IReadinessProbe
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
            _ => await CheckAgentsAsync(cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<ReadinessCheck> CheckAgentsAsync(CancellationToken cancellationToken)
    {
        var mirror = services.GetService<IOnPremMirror>();
        if (mirror is null)
        {
            return ReadinessCheck.Failed("OnPrem:Mode is Agent but no on-prem mirror is registered: check the Storage settings.");
        }

        var agentOptions = services.GetRequiredService<IOptions<AgentOptions>>().Value;
        var now = (services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        IReadOnlyList<AgentState> agents;
        try
        {
            agents = await mirror.ListAgentsAsync(countEntries: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ReadinessCheck.Failed("The on-prem mirror could not be read: check the Storage settings and the identity's access to it.", ex.Message);
        }

        // Agent ids are configuration (Agents:Bindings), safe to name; how old their data is goes to Read callers only.
        var stale = new List<string>();
        var details = new List<string>();
        foreach (var binding in agentOptions.Bindings)
        {
            var last = agents.FirstOrDefault(a => string.Equals(a.AgentId, binding.Id, StringComparison.Ordinal))?.LastSync;
            if (last is null || now - last > agentOptions.StaleAfter)
            {
                stale.Add(binding.Id);
                details.Add(last is null ? $"{binding.Id}: never synced" : $"{binding.Id}: last synced {last:u}");
            }
        }

        return stale.Count == 0
            ? ReadinessCheck.Ok
            : ReadinessCheck.Failed(
                $"The on-prem agent {string.Join(", ", stale.Select(id => $"'{id}'"))} has not synced within Agents:StaleAfter ({agentOptions.StaleAfter}): check the agent's service on its server and its log, then GET /api/agents. Writes are refused (AgentStale) until it syncs.",
                string.Join("; ", details));
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
