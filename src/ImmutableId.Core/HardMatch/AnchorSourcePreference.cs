namespace ImmutableId.Core.HardMatch;

/// <summary>Which AD attribute the caller wants written as the immutable ID.</summary>
public enum AnchorSourcePreference
{
    /// <summary>Entra Connect's rule: mS-DS-ConsistencyGuid when set, else objectGUID.</summary>
    Auto,

    /// <summary>mS-DS-ConsistencyGuid; refused when the object has none.</summary>
    ConsistencyGuid,

    /// <summary>objectGUID, even when mS-DS-ConsistencyGuid is set (warned: Entra Connect would not match on it).</summary>
    ObjectGuid,
}
