using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Runtime.CompilerServices;
using ImmutableId.ActiveDirectory;
using ImmutableId.ActiveDirectory.Ldap;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.Agent.Reading;

/// <summary>
/// Reads a DC with the API's own LDAP connector and mapper (same TLS, bind and error mapping as OnPrem mode Ldap):
/// RootDSE for the replica's identity, then a paged subtree search per base DN, only the attributes the workflow needs.
/// </summary>
internal sealed class LdapDirectoryFeed(OnPremOptions options) : IDirectoryFeed
{
    private const string UsnChanged = "uSNChanged";
    private static readonly string[] Attributes = [.. OnPremUserMapper.Attributes, UsnChanged];
    private readonly LdapConnector _connector = new(options);

    public Task<DirectoryIdentity> IdentifyAsync(CancellationToken cancellationToken)
    {
        using var connection = _connector.Connect(options.BindPassword);
        var root = Single(connection, string.Empty, SearchScope.Base, "(objectClass=*)", ["dnsHostName", "highestCommittedUSN", "dsServiceName"], "RootDSE read");
        var host = root.Attributes["dnsHostName"]?[0] as string ?? options.Server!;
        var usn = long.Parse((string)root.Attributes["highestCommittedUSN"][0], CultureInfo.InvariantCulture);
        var service = root.Attributes["dsServiceName"]?[0] as string;
        var invocation = "unknown";
        if (service is not null)
        {
            var settings = Single(connection, service, SearchScope.Base, "(objectClass=*)", ["invocationId"], "invocationId read");
            if (settings.Attributes["invocationId"]?.GetValues(typeof(byte[])) is [byte[] bytes, ..] && bytes.Length == 16)
            {
                invocation = new Guid(bytes).ToString("D");
            }
        }

        return Task.FromResult(new DirectoryIdentity(host, invocation, usn));
    }

    public async IAsyncEnumerable<FeedEntry> ReadAsync(long? aboveUsn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var connection = _connector.Connect(options.BindPassword);
        var filter = aboveUsn is { } usn
            ? $"(&{OnPremUserMapper.UserClassFilter}({UsnChanged}>={(usn + 1).ToString(CultureInfo.InvariantCulture)}))"
            : $"(&{OnPremUserMapper.UserClassFilter})";
        foreach (var baseDn in options.BaseDns)
        {
            var paging = new PageResultRequestControl(options.PageSize) { IsCritical = true };
            do
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = new SearchRequest(baseDn, filter, SearchScope.Subtree, Attributes);
                request.Controls.Add(paging);
                SearchResponse response;
                try
                {
                    response = (SearchResponse)connection.SendRequest(request, options.Timeout);
                }
                catch (Exception ex) when (ex is LdapException or DirectoryOperationException)
                {
                    throw _connector.Map(ex, "paged search");
                }

                foreach (SearchResultEntry entry in response.Entries)
                {
                    var data = ToData(entry);
                    if (OnPremUserMapper.ToUser(data) is { } user)
                    {
                        yield return new FeedEntry(user, long.TryParse(data.String(UsnChanged), NumberStyles.Integer, CultureInfo.InvariantCulture, out var changed) ? changed : 0);
                    }
                }

                paging.Cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie ?? [];
            }
            while (paging.Cookie.Length > 0);
        }
    }

    private SearchResultEntry Single(LdapConnection connection, string dn, SearchScope scope, string filter, string[] attributes, string operation)
    {
        try
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(dn, filter, scope, attributes), options.Timeout);
            return response.Entries.Count > 0
                ? response.Entries[0]
                : throw new OnPremDirectoryException(OnPremFailure.Misconfigured, $"The {operation} found nothing at '{dn}'.");
        }
        catch (Exception ex) when (ex is LdapException or DirectoryOperationException)
        {
            throw _connector.Map(ex, operation);
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
