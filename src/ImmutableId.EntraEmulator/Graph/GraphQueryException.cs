namespace ImmutableId.EntraEmulator.Graph;

/// <summary>A request Graph answers with 400 (bad query); caught by the dispatcher and turned into a Graph error body.</summary>
internal sealed class GraphQueryException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}
