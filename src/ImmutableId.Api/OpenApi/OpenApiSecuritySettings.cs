using ImmutableId.Api.Auth;

namespace ImmutableId.Api.OpenApi;

/// <summary>What the documents say about signing in: the Entra authority and the API's application id URI.</summary>
/// <param name="Authority">The tenant's authority, e.g. <c>https://login.microsoftonline.com/{tenant-id}</c>.</param>
/// <param name="ApplicationIdUri">The API's application id URI (<c>api://…</c>), the prefix of its scopes.</param>
public sealed record OpenApiSecuritySettings(string Authority, string ApplicationIdUri)
{
    /// <summary>Used until the Auth settings name a tenant: any work or school account, and a placeholder URI.</summary>
    public static OpenApiSecuritySettings Default { get; } =
        new("https://login.microsoftonline.com/organizations", "api://immutableid");

    /// <summary>
    /// The settings for the <c>Auth</c> section: its instance and tenant, and its <c>api://</c> audience. Without a tenant
    /// (the sandbox) the defaults.
    /// </summary>
    public static OpenApiSecuritySettings From(AuthOptions? options)
    {
        if (options is null || options.Sandbox || string.IsNullOrWhiteSpace(options.TenantId))
        {
            return Default;
        }

        var uri = options.Audiences.FirstOrDefault(a => a.StartsWith("api://", StringComparison.OrdinalIgnoreCase)) ?? Default.ApplicationIdUri;
        return new($"{options.Instance.TrimEnd('/')}/{options.TenantId}", uri.TrimEnd('/'));
    }

    /// <summary>The delegated scope a signed-in user's token must carry.</summary>
    public const string DelegatedScope = "access_as_user";
}
