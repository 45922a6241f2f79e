namespace ImmutableId.Api.ImmutableIds;

/// <summary>Optional body of <c>DELETE /api/users/{user}/immutable-id</c> (or <c>?ticket=</c>).</summary>
/// <param name="Ticket">The ITSM ticket reference (also header X-Ticket-Id).</param>
/// <param name="Reason">Free text for the audit record.</param>
public sealed record ClearImmutableIdBody(string? Ticket, string? Reason);
