using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Writes;

/// <summary>
/// A write handler's answer as values, for the write guard: the typed result to send and the audit record it belongs
/// to (sent as <c>X-Operation-Id</c> by the guard; null when the request was refused before any record, e.g. bad input).
/// </summary>
/// <param name="Result">The typed answer (a JSON contract, a problem, or a <see cref="Http.RetryAfterResult"/>).</param>
/// <param name="OperationId">The operation's audit record, or null.</param>
public sealed record WriteAnswer(IResult Result, Guid? OperationId = null);
