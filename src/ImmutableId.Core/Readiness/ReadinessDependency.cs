namespace ImmutableId.Core.Readiness;

/// <summary>The dependency names the readiness answer uses.</summary>
public static class ReadinessDependency
{
    /// <summary>Microsoft Graph: a token for the app's identity and one cheap read.</summary>
    public const string Graph = "graph";

    /// <summary>The on-prem directory: LDAP bind and a base read, or the LDIF snapshot.</summary>
    public const string OnPrem = "onPrem";

    /// <summary>The audit/idempotency/lease store: a read and a write.</summary>
    public const string Storage = "storage";
}
