using System.Diagnostics;

namespace ImmutableId.ActiveDirectory.Ldap;

/// <summary>The LDAP dependency spans: one client span per request to the DC (server and operation; never filters or values).</summary>
public static class LdapTelemetry
{
    /// <summary>The ActivitySource name to subscribe to.</summary>
    public const string SourceName = "ImmutableId.Ldap";

    internal static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string operation, OnPremOptions options)
    {
        var activity = Source.StartActivity("LDAP " + operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "ldap");
            activity.SetTag("server.address", options.Server);
            activity.SetTag("server.port", options.Port);
            activity.SetTag("immutableid.ldap.operation", operation);
        }

        return activity;
    }
}
