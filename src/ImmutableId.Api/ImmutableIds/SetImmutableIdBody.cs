namespace ImmutableId.Api.ImmutableIds;

/// <summary>Body of <c>PUT /api/users/{user}/immutable-id</c>; every field is optional.</summary>
/// <param name="Source">auto (default), consistencyGuid or objectGuid.</param>
/// <param name="ObjectGuid">The objectGUID the caller expects the user to resolve to (a hint; refused when it differs).</param>
/// <param name="Replace">Replace a different immutable ID (only where Policy:AllowReplace is true).</param>
/// <param name="Ticket">The ITSM ticket reference (also header X-Ticket-Id).</param>
/// <param name="Reason">Free text for the audit record.</param>
public sealed record SetImmutableIdBody(string? Source, string? ObjectGuid, bool? Replace, string? Ticket, string? Reason);
