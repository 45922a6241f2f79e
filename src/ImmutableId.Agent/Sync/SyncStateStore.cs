using System.Text.Json;

namespace ImmutableId.Agent.Sync;

/// <summary>The state file: JSON, written aside and moved into place so a crash never leaves half a file.</summary>
internal sealed class SyncStateStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string Path { get; } = path;

    public SyncState Load()
    {
        if (!File.Exists(Path))
        {
            return SyncState.Empty;
        }

        try
        {
            return JsonSerializer.Deserialize<SyncState>(File.ReadAllText(Path), Json) ?? SyncState.Empty;
        }
        catch (JsonException)
        {
            // An unreadable state only costs a full pass; the API tells the sequence to continue from (409 lastSequence).
            return SyncState.Empty;
        }
    }

    public void Save(SyncState state)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".state-{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, Json));
        File.Move(temporary, Path, overwrite: true);
    }
}
