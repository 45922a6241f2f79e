using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Runtime.CompilerServices;
using ImmutableId.ActiveDirectory.Passwords;
using ImmutableId.Core.Anchors;
using ImmutableId.Core.OnPrem;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory.Ldap;

/// <summary>
/// <see cref="IOnPremDirectory"/> over LDAP(S) with System.DirectoryServices.Protocols: one bound connection reused
/// across requests (one request at a time on it), reconnected when the DC drops it, re-binding with a re-read
/// password when the DC refuses the cached one.
/// </summary>
internal sealed class LdapOnPremDirectory : IOnPremDirectory, IConsistencyGuidWriter, IDisposable
{
    private readonly LdapConnector _connector;
    private readonly ILdapPasswordSource _passwords;
    private readonly ILogger<LdapOnPremDirectory> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LdapConnection? _connection;

    public LdapOnPremDirectory(IOptions<OnPremOptions> options, ILdapPasswordSource passwords, ILogger<LdapOnPremDirectory> logger)
    {
        _connector = new LdapConnector(options.Value);
        _passwords = passwords;
        _logger = logger;
        if (options.Value.Transport == LdapTransport.Plain)
        {
            Log.PlainLdapAllowed(logger, options.Value.Server ?? "?", options.Value.Port);
        }
    }

    private OnPremOptions Options => _connector.Options;

    public Task<OnPremLookup> FindByUserPrincipalNameAsync(string userPrincipalName, CancellationToken cancellationToken = default) =>
        FindAsync(DirectoryQuery.ForUserPrincipalName(userPrincipalName), cancellationToken);

    public Task<OnPremLookup> FindByObjectGuidAsync(Guid objectGuid, CancellationToken cancellationToken = default) =>
        FindAsync(DirectoryQuery.ForObjectGuid(objectGuid), cancellationToken);

    public Task<OnPremLookup> FindBySamAccountNameAsync(string samAccountName, CancellationToken cancellationToken = default) =>
        FindAsync(DirectoryQuery.ForSamAccountName(samAccountName), cancellationToken);

    public Task<OnPremLookup> FindByMailAsync(string address, CancellationToken cancellationToken = default) =>
        FindAsync(DirectoryQuery.ForMail(address), cancellationToken);

    public async IAsyncEnumerable<OnPremUser> EnumerateUsersAsync(string? baseDn = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> scopes = baseDn is null ? Options.BaseDns : [baseDn];
        foreach (var scope in scopes)
        {
            var paging = new PageResultRequestControl(Options.PageSize) { IsCritical = true };
            do
            {
                var request = Search(scope, $"(&{OnPremUserMapper.UserClassFilter})");
                request.Controls.Add(paging);
                // A page at a time: only one page of entries is held in memory.
                var response = await SendAsync(request, "paged search", retryOnReconnect: paging.Cookie.Length == 0, cancellationToken).ConfigureAwait(false);
                foreach (SearchResultEntry entry in response.Entries)
                {
                    if (OnPremUserMapper.ToUser(ToData(entry)) is { } user)
                    {
                        yield return user;
                    }
                }

                var pageResponse = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault();
                paging.Cookie = pageResponse?.Cookie ?? [];
            }
            while (paging.Cookie.Length > 0);
        }
    }

    public async Task<OnPremLookup> WriteConsistencyGuidAsync(Guid objectGuid, SourceAnchor anchor, CancellationToken cancellationToken = default)
    {
        if (!Options.AllowConsistencyGuidWrite)
        {
            throw new OnPremDirectoryException(OnPremFailure.Refused,
                "Writing mS-DS-ConsistencyGuid is off. Set OnPrem:AllowConsistencyGuidWrite=true to allow it (forest migrations only).");
        }

        if (anchor.IsEmpty)
        {
            throw new ArgumentException("An empty anchor is never written.", nameof(anchor));
        }

        var before = await FindByObjectGuidAsync(objectGuid, cancellationToken).ConfigureAwait(false);
        if (before.User is not { } user)
        {
            return before;
        }

        var modify = new ModifyRequest(user.DistinguishedName, DirectoryAttributeOperation.Replace, OnPremUserMapper.ConsistencyGuid, anchor.ToByteArray());
        await SendCoreAsync(modify, "write of mS-DS-ConsistencyGuid", retryOnReconnect: true, cancellationToken).ConfigureAwait(false);
        Log.ConsistencyGuidWritten(_logger, user.DistinguishedName, anchor.ToImmutableId());
        return await FindByObjectGuidAsync(objectGuid, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the current connection (the next request connects again). Also what a lost connection triggers.</summary>
    internal void DropConnection()
    {
        var old = Interlocked.Exchange(ref _connection, null);
        old?.Dispose();
    }

    /// <summary>The connection in use, for tests that break it.</summary>
    internal LdapConnection? CurrentConnection => _connection;

    public void Dispose()
    {
        DropConnection();
        _gate.Dispose();
    }

    private async Task<OnPremLookup> FindAsync(DirectoryQuery? query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            return OnPremLookup.NotFound; // empty or longer than any AD value: nothing can match
        }

        var users = new List<OnPremUser>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var baseDn in Options.BaseDns)
        {
            var response = await SendAsync(Search(baseDn, query.ToLdapFilter()), "search", retryOnReconnect: true, cancellationToken).ConfigureAwait(false);
            foreach (SearchResultEntry entry in response.Entries)
            {
                if (seen.Add(entry.DistinguishedName) && OnPremUserMapper.ToUser(ToData(entry)) is { } user)
                {
                    users.Add(user);
                }
            }
        }

        return OnPremLookup.FromMatches(users);
    }

    private static SearchRequest Search(string baseDn, string filter) =>
        new(baseDn, filter, SearchScope.Subtree, OnPremUserMapper.Attributes);

    private async Task<SearchResponse> SendAsync(SearchRequest request, string operation, bool retryOnReconnect, CancellationToken cancellationToken) =>
        (SearchResponse)await SendCoreAsync(request, operation, retryOnReconnect, cancellationToken).ConfigureAwait(false);

    private async Task<DirectoryResponse> SendCoreAsync(DirectoryRequest request, string operation, bool retryOnReconnect, CancellationToken cancellationToken)
    {
        using var activity = LdapTelemetry.Start(operation, Options);
        try
        {
            return await SendGatedAsync(request, operation, retryOnReconnect, cancellationToken).ConfigureAwait(false);
        }
        catch (OnPremDirectoryException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Failure.ToString());
            activity?.SetTag("error.type", ex.Failure.ToString());
            throw;
        }
    }

    private async Task<DirectoryResponse> SendGatedAsync(DirectoryRequest request, string operation, bool retryOnReconnect, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var fresh = false;
            if (_connection is null)
            {
                _connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                fresh = true;
            }

            try
            {
                return Send(_connection, request);
            }
            catch (Exception ex) when (!fresh && retryOnReconnect && ex is LdapException { ErrorCode: 81 or 91 or 52 } or ObjectDisposedException)
            {
                // The DC dropped the connection (restart, idle timeout, Relay recycle): connect again once.
                Log.Reconnecting(_logger, Options.Server!, Options.Port, (ex as LdapException)?.ErrorCode ?? 0);
                DropConnection();
                _connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                return Send(_connection, request);
            }
        }
        catch (Exception ex) when (ex is LdapException or DirectoryOperationException or TlsOperationException or ObjectDisposedException)
        {
            if (ex is LdapException { ErrorCode: 81 or 91 or 52 } or ObjectDisposedException)
            {
                DropConnection();
            }

            throw _connector.Map(ex, operation);
        }
        finally
        {
            _gate.Release();
        }
    }

    private DirectoryResponse Send(LdapConnection connection, DirectoryRequest request)
    {
        var response = connection.SendRequest(request, Options.Timeout);
        if (response.ResultCode is not ResultCode.Success)
        {
            throw new DirectoryOperationException(response);
        }

        return response;
    }

    private async Task<LdapConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var password = await _passwords.GetPasswordAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = _connector.Connect(password);
            Log.Connected(_logger, Options.Server!, Options.Port, Options.Transport);
            return connection;
        }
        catch (OnPremDirectoryException ex) when (ex.Failure == OnPremFailure.InvalidCredentials)
        {
            // The password may have been rotated in Key Vault: read it again, and bind once more if it changed.
            Log.RereadingPassword(_logger);
            _passwords.Invalidate();
            var reread = await _passwords.GetPasswordAsync(cancellationToken).ConfigureAwait(false);
            if (reread == password)
            {
                throw;
            }

            var connection = _connector.Connect(reread);
            Log.Connected(_logger, Options.Server!, Options.Port, Options.Transport);
            return connection;
        }
    }

    private static DirectoryEntryData ToData(SearchResultEntry entry)
    {
        var attributes = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.OrdinalIgnoreCase);
        foreach (DirectoryAttribute attribute in entry.Attributes.Values)
        {
            attributes[attribute.Name] = attribute.GetValues(typeof(byte[])).Cast<byte[]>().ToArray();
        }

        return new DirectoryEntryData(entry.DistinguishedName, attributes);
    }
}
