namespace ImmutableId.Entra.Sync;

/// <summary>Sync settings (app settings <c>Sync__*</c>): today only Cloud Sync provision on demand.</summary>
public sealed class SyncOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Sync";

    /// <summary>Microsoft Entra Cloud Sync provision on demand (<c>Sync__CloudSync__*</c>); opt-in.</summary>
    public CloudSyncOptions CloudSync { get; set; } = new();
}
