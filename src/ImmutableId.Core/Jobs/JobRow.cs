namespace ImmutableId.Core.Jobs;

/// <summary>One submitted user, before validation: as a JSON array entry or a CSV row.</summary>
/// <param name="Row">Where the caller finds it: the 1-based CSV line (header = 1) or the 0-based JSON array index.</param>
/// <param name="User">The user cell (UPN or objectGUID).</param>
/// <param name="Source">The CSV <c>source</c> cell (auto, consistencyGuid, objectGuid), when present.</param>
/// <param name="ObjectGuid">The CSV <c>objectGuid</c> cell (a hint the resolved object must match), when present.</param>
/// <param name="Ticket">The CSV <c>ticket</c> cell, when present.</param>
public sealed record JobRow(int Row, string? User, string? Source = null, string? ObjectGuid = null, string? Ticket = null);
