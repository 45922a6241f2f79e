namespace ImmutableId.Api.Jobs;

/// <summary>
/// The JSON body of POST /api/jobs (documentation of the contract; <see cref="JobInputReader"/> reads it strictly).
/// The same job may be sent as text/csv with the header row user[,source,objectGuid,ticket] and the other fields in the query string.
/// </summary>
/// <param name="Operation">set (hard match), clear, or assess (a dry run of a set for every user: the readiness report).</param>
/// <param name="Users">Up to 50,000 users by UPN or on-prem objectGUID, each named once. Required, except for assess: an assess job without users discovers its candidates (cloud member users in the allowed UPN domains with no immutable ID and not synced).</param>
/// <param name="DryRun">true: every check for every user, nothing written.</param>
/// <param name="Source">For set: auto (mS-DS-ConsistencyGuid, else objectGUID), consistencyGuid or objectGuid.</param>
/// <param name="Ticket">The ITSM ticket recorded in every user's audit record.</param>
/// <param name="Reason">Free text recorded in every user's audit record.</param>
public sealed record JobRequestBody(string Operation, IReadOnlyList<string>? Users = null, bool? DryRun = null, string? Source = null, string? Ticket = null, string? Reason = null);
