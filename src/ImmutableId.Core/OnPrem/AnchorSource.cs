namespace ImmutableId.Core.OnPrem;

/// <summary>The AD attribute a source anchor was read from.</summary>
public enum AnchorSource
{
    /// <summary>mS-DS-ConsistencyGuid (preferred by Entra Connect when set).</summary>
    ConsistencyGuid,

    /// <summary>objectGUID.</summary>
    ObjectGuid,
}
