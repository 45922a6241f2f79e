using Microsoft.Extensions.Logging;

namespace ImmutableId.ActiveDirectory;

/// <summary>Every log line of the on-prem directory; none carries a password.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "LDAP to {Server}:{Port} is PLAIN (no TLS): the bind password travels in clear. Allowed by OnPrem:AllowInsecurePlainLdap; use it only in tests.")]
    public static partial void PlainLdapAllowed(ILogger logger, string server, int port);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Connected and bound to {Server}:{Port} over {Transport}")]
    public static partial void Connected(ILogger logger, string server, int port, LdapTransport transport);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "The LDAP connection to {Server}:{Port} was lost ({ResultCode}); reconnecting")]
    public static partial void Reconnecting(ILogger logger, string server, int port, int resultCode);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "The DC refused the bind credentials; reading the bind password again from its source")]
    public static partial void RereadingPassword(ILogger logger);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Loaded {Count} entries from the LDIF snapshot {Path}")]
    public static partial void LdifLoaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Wrote mS-DS-ConsistencyGuid {ImmutableId} on {DistinguishedName}")]
    public static partial void ConsistencyGuidWritten(ILogger logger, string distinguishedName, string immutableId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Read the LDAP bind password from Key Vault secret {SecretName}")]
    public static partial void PasswordReadFromKeyVault(ILogger logger, string secretName);
}
