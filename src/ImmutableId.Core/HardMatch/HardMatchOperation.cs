namespace ImmutableId.Core.HardMatch;

/// <summary>The operation a <see cref="HardMatchResult"/> answers.</summary>
public enum HardMatchOperation
{
    /// <summary>Read both sides and every blocker a set would hit.</summary>
    Status,

    /// <summary>Write the anchor (hard match).</summary>
    Set,

    /// <summary>Write an explicit null.</summary>
    Clear,
}
