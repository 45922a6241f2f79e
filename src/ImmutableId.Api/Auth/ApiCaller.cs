using ImmutableId.Core.Audit;
using ImmutableId.Core.Scopes;

namespace ImmutableId.Api.Auth;

/// <summary>An authenticated caller: who it is (for audit), what roles it holds, and what it may touch.</summary>
/// <param name="Identity">App id, principal object id, display name, app-only or delegated, tenant.</param>
/// <param name="Roles">The app roles from the token's <c>roles</c> claim.</param>
/// <param name="Scope">The caller's per-caller limits (domains, OUs); unrestricted when no rule matched.</param>
/// <param name="Sandbox">True when the token came from the sandbox issuer.</param>
public sealed record ApiCaller(AuditCaller Identity, IReadOnlySet<string> Roles, DirectoryScope Scope, bool Sandbox = false)
;
