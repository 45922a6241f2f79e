namespace ImmutableId.Agent.Sync;

/// <summary>The API refused a batch in a way retrying cannot fix (role, binding, scope), or kept failing.</summary>
internal sealed class AgentSyncException(string message) : Exception(message);
