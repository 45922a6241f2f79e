namespace ImmutableId.Core.Audit;

/// <summary>Who asked: the calling application and, for delegated tokens, the signed-in user.</summary>
/// <param name="AppId">The client application's id (<c>appid</c> in v1 tokens, <c>azp</c> in v2).</param>
/// <param name="ObjectId">The object id of the principal: the user (delegated) or the service principal (app-only).</param>
/// <param name="DisplayName">The user's name or UPN (delegated), or the app id (app-only, tokens carry no app name).</param>
/// <param name="AppOnly">True for client-credentials (app-only) tokens, false for delegated (user) tokens.</param>
/// <param name="TenantId">The token's tenant (<c>tid</c>).</param>
public sealed record AuditCaller(string AppId, string ObjectId, string? DisplayName, bool AppOnly, string? TenantId = null)
{
    /// <summary>The key that scopes per-caller state such as idempotency keys: tenant, app and principal.</summary>
    public string ScopeKey => $"{TenantId}/{AppId}/{ObjectId}";
}
