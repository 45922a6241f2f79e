using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ImmutableId.Core.OnPrem;

namespace ImmutableId.ActiveDirectory.Ldap;

/// <summary>Opens, protects and binds one <see cref="LdapConnection"/> as the options say, and maps its failures.</summary>
internal sealed class LdapConnector(OnPremOptions options)
{
    private readonly Lazy<string?> _caDirectory = new(() => PrepareCaDirectory(options.TrustedCaPath));

    public OnPremOptions Options => options;

    /// <summary>A connected, bound connection; the caller owns it.</summary>
    /// <exception cref="OnPremDirectoryException">The DC is unreachable, untrusted, or refused the credentials.</exception>
    public LdapConnection Connect(string? password)
    {
        var server = options.Server!;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(server, options.Port, fullyQualifiedDnsHostName: true, connectionless: false))
        {
            AuthType = options.BindMode == LdapBindMode.Negotiate ? AuthType.Negotiate : AuthType.Basic,
            AutoBind = false,
            Timeout = options.Timeout,
        };
        try
        {
            var session = connection.SessionOptions;
            session.ProtocolVersion = 3;
            session.ReferralChasing = ReferralChasingOptions.None;
            if (options.Transport != LdapTransport.Plain)
            {
                ConfigureTrust(session);
            }

            if (options.Transport == LdapTransport.Ldaps)
            {
                session.SecureSocketLayer = true;
            }
            else if (options.Transport == LdapTransport.StartTls)
            {
                // S.DS.Protocols on Linux opens the socket lazily; StartTLS on an unopened handle fails (91), so
                // read the RootDSE first (anonymous, allowed by AD), which also opens the connection.
                ReadRootDse(connection);
                StartTls(session);
            }

            Bind(connection, password);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ReadRootDse(LdapConnection connection)
    {
        try
        {
            connection.SendRequest(new SearchRequest(string.Empty, "(objectClass=*)", SearchScope.Base, "supportedExtension"), options.Timeout);
        }
        catch (Exception ex) when (ex is LdapException or DirectoryOperationException)
        {
            throw Map(ex, "RootDSE read");
        }
    }

    private void StartTls(LdapSessionOptions session)
    {
        try
        {
            session.StartTransportLayerSecurity(null);
        }
        catch (Exception ex) when (ex is TlsOperationException or DirectoryOperationException)
        {
            throw new OnPremDirectoryException(OnPremFailure.TlsTrust,
                $"StartTLS with {options.Server}:{options.Port} failed: the DC's certificate is not trusted or TLS is not offered. " +
                "Set OnPrem:TrustedCaPath to the CA that issued it.", ex);
        }
        catch (LdapException ex)
        {
            throw Map(ex, "StartTLS");
        }
    }

    private void Bind(LdapConnection connection, string? password)
    {
        try
        {
            if (options.BindMode == LdapBindMode.Negotiate && string.IsNullOrEmpty(options.BindUserName))
            {
                connection.Bind();
            }
            else
            {
                connection.Bind(Credential(password));
            }
        }
        catch (LdapException ex)
        {
            throw Map(ex, "bind");
        }
    }

    private NetworkCredential Credential(string? password)
    {
        var user = options.BindUserName ?? string.Empty;
        var slash = user.IndexOf('\\', StringComparison.Ordinal);
        return options.BindMode == LdapBindMode.Negotiate && slash > 0
            ? new NetworkCredential(user[(slash + 1)..], password, user[..slash])
            : new NetworkCredential(user, password);
    }

    /// <summary>Maps an LDAP failure to a typed failure; the message never contains the password.</summary>
    public OnPremDirectoryException Map(Exception ex, string operation)
    {
        var where = $"{options.Server}:{options.Port} ({options.Transport})";
        switch (ex)
        {
            case OnPremDirectoryException typed:
                return typed;
            case LdapException ldap:
                return ldap.ErrorCode switch
                {
                    49 => new(OnPremFailure.InvalidCredentials,
                        $"The DC at {where} refused the bind credentials of '{options.BindUserName}' (LDAP 49). Check the account and its password (Key Vault secret).", ex),
                    85 => new(OnPremFailure.Timeout, $"The DC at {where} did not answer the {operation} within {options.Timeout}.", ex),
                    81 or 91 when options.Transport != LdapTransport.Plain && TcpAnswers() => new(OnPremFailure.TlsTrust,
                        $"TLS with the DC at {where} could not be established: its certificate is not trusted (or not valid for '{options.Server}'). " +
                        "Set OnPrem:TrustedCaPath to the CA that issued it.", ex),
                    81 or 91 or 51 or 52 => new(OnPremFailure.Unreachable, $"The DC at {where} is unreachable ({operation}, LDAP {ldap.ErrorCode}).", ex),
                    10 => new(OnPremFailure.Referral, $"The DC at {where} referred the {operation} to another server: the object lives in another domain.", ex),
                    4 or 3 or 11 => new(OnPremFailure.LimitExceeded, $"The {operation} exceeded the DC's size or time limit (LDAP {ldap.ErrorCode}).", ex),
                    _ => new(OnPremFailure.Refused, $"The DC at {where} refused the {operation} (LDAP {ldap.ErrorCode}: {ldap.Message}).", ex),
                };
            case TlsOperationException:
                return new(OnPremFailure.TlsTrust, $"TLS with the DC at {where} failed.", ex);
            case DirectoryOperationException op:
                var code = op.Response?.ResultCode;
                return code switch
                {
                    ResultCode.Referral => new(OnPremFailure.Referral,
                        $"The DC at {where} referred the {operation} to another server: the base DN is in another domain (configure that domain's DC).", ex),
                    ResultCode.SizeLimitExceeded or ResultCode.TimeLimitExceeded or ResultCode.AdminLimitExceeded => new(OnPremFailure.LimitExceeded,
                        $"The {operation} exceeded the DC's limits ({code}).", ex),
                    ResultCode.NoSuchObject => new(OnPremFailure.Misconfigured,
                        $"The {operation} names a DN that does not exist on {where}: check OnPrem:BaseDns.", ex),
                    ResultCode.Busy or ResultCode.Unavailable => new(OnPremFailure.Unreachable, $"The DC at {where} is busy or unavailable ({code}).", ex),
                    ResultCode.StrongAuthRequired or ResultCode.ConfidentialityRequired => new(OnPremFailure.TlsTrust,
                        $"The DC at {where} requires signing or TLS for the {operation} ({code}): use Ldaps.", ex),
                    _ => new(OnPremFailure.Refused, $"The DC at {where} refused the {operation} ({code}).", ex),
                };
            case ObjectDisposedException:
                return new(OnPremFailure.Unreachable, $"The connection to {where} was closed during the {operation}.", ex);
            default:
                return new(OnPremFailure.Unreachable, $"The {operation} against {where} failed ({ex.GetType().Name}).", ex);
        }
    }

    /// <summary>
    /// libldap reports a failed TLS handshake like a dead server (81); if the port accepts TCP, TLS is what failed.
    /// </summary>
    private bool TcpAnswers()
    {
        try
        {
            using var client = new TcpClient();
            var timeout = TimeSpan.FromMilliseconds(Math.Min(options.Timeout.TotalMilliseconds, 3000));
            return client.ConnectAsync(options.Server!, options.Port).Wait(timeout) && client.Connected;
        }
        catch (Exception ex) when (ex is SocketException or AggregateException or ObjectDisposedException)
        {
            return false;
        }
    }

    private void ConfigureTrust(LdapSessionOptions session)
    {
        if (string.IsNullOrWhiteSpace(options.TrustedCaPath))
        {
            return; // the system trust store
        }

        if (OperatingSystem.IsWindows())
        {
            var roots = LoadCertificates(options.TrustedCaPath);
            session.VerifyServerCertificate = (_, certificate) => VerifyAgainst(roots, certificate);
            return;
        }

        // libldap (OpenLDAP) on Linux/macOS: a per-connection CA folder; a new TLS context makes libldap read it for
        // this connection instead of the process-wide one (LDAPTLS_CACERT is read once per process).
        session.TrustedCertificatesDirectory = _caDirectory.Value;
        session.StartNewTlsSessionContext();
    }

    private static bool VerifyAgainst(X509Certificate2Collection roots, X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        var collection = new X509Certificate2Collection();
        var files = Directory.Exists(path) ? Directory.GetFiles(path) : [path];
        foreach (var file in files)
        {
            try
            {
                collection.ImportFromPemFile(file);
            }
            catch (CryptographicException)
            {
                // not a PEM certificate: ignore (a folder may hold other files)
            }
        }

        return collection;
    }

    /// <summary>
    /// A folder is used as is (it should be <c>openssl rehash</c>ed for OpenSSL builds of libldap); a single file is
    /// copied into a private folder, named by its OpenSSL subject hash when openssl can tell it, else as is
    /// (GnuTLS builds of libldap, as on Debian, read every file in the folder).
    /// </summary>
    private static string? PrepareCaDirectory(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
        {
            return path;
        }

        // One private folder per CA file and version, shared by every connection of the process.
        return CaDirectories.GetOrAdd(path, CopyToPrivateFolder);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> CaDirectories = new(StringComparer.Ordinal);

    private static string CopyToPrivateFolder(string path)
    {
        var full = Path.GetFullPath(path);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full + File.GetLastWriteTimeUtc(full).Ticks)))[..16];
        var folder = Path.Combine(Path.GetTempPath(), "immutableid-ldap-ca", key);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, "ca.pem");
        var content = File.ReadAllBytes(full);
        if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(content))
        {
            // written aside and moved, so that another process reading the folder never sees half a file
            var temporary = Path.Combine(folder, $".ca-{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, target, overwrite: true);
        }

        return folder;
    }
}
