namespace ImmutableId.Api.Writes;

/// <summary>
/// Thrown by <see cref="AuditJournal"/> when the resolved target lies outside the caller's scope (UPN domain or OU):
/// it stops the workflow before the write; <see cref="WriteGuard"/> answers 403 OutOfCallerScope.
/// </summary>
public sealed class CallerScopeException(string message) : Exception(message);
