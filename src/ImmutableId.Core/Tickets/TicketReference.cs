namespace ImmutableId.Core.Tickets;

/// <summary>
/// The one rule for an ITSM ticket reference (INC0012345, CHG0042…), wherever it is sent (a body, <c>X-Ticket-Id</c>,
/// <c>?ticket=</c>, a job row): at most <see cref="MaxLength"/> characters, no control characters.
/// </summary>
public static class TicketReference
{
    /// <summary>The longest ticket reference accepted (the OpenAPI documents' maxLength).</summary>
    public const int MaxLength = 128;

    /// <summary>What a caller reads when a ticket reference breaks the rule.</summary>
    public static readonly string Error = $"The ticket reference must be at most {MaxLength} characters without control characters (e.g. INC0012345).";

    /// <summary>True when <paramref name="ticket"/> is absent or follows the rule.</summary>
    public static bool IsValid(string? ticket) =>
        ticket is null || (ticket.Length <= MaxLength && !ticket.Any(char.IsControl));
}
