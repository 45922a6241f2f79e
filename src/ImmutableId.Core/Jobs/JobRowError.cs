namespace ImmutableId.Core.Jobs;

/// <summary>Why one submitted row was refused.</summary>
/// <param name="Row">The row (see <see cref="JobRow.Row"/>).</param>
/// <param name="Code">A stable code: InvalidUser, DuplicateUser, InvalidSource, InvalidObjectGuid, InvalidTicket, MalformedRow.</param>
/// <param name="Detail">What is wrong and what to send instead.</param>
/// <param name="Value">The offending value, as sent (cut to 256 characters).</param>
public sealed record JobRowError(int Row, string Code, string Detail, string? Value = null);
