using Microsoft.Extensions.Options;

namespace ImmutableId.Api.Auth;

/// <summary>
/// What a real deployment needs (tenant, audiences, https metadata), and the sandbox fence: the sandbox issuer
/// is never accepted with real settings, and the sandbox is refused where it is not allowed (the Functions host).
/// </summary>
internal sealed class AuthOptionsValidator(bool sandboxAllowed) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        var realSettings = !string.IsNullOrWhiteSpace(options.TenantId) || options.Audiences.Length > 0 ||
                           !string.IsNullOrWhiteSpace(options.MetadataAddress) || options.AllowedIssuers.Length > 0;
        if (options.Sandbox)
        {
            if (!sandboxAllowed)
            {
                failures.Add("Auth:Sandbox is not available in this host: configure Auth:TenantId and Auth:Audiences.");
            }

            if (realSettings)
            {
                failures.Add("Auth:Sandbox cannot be combined with real Auth settings (TenantId, Audiences, MetadataAddress, AllowedIssuers): remove one or the other.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!Guid.TryParse(options.TenantId, out _))
        {
            failures.Add("Auth:TenantId must be the Entra tenant id (a GUID). For a local trial run the Standalone host as the sandbox (Auth:Sandbox=true).");
        }

        if (options.Audiences.Length == 0 || options.Audiences.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Auth:Audiences must list the API's application id URI (api://…) and/or its client id.");
        }

        if (!Uri.TryCreate(options.EffectiveMetadataAddress, UriKind.Absolute, out var metadata) ||
            (metadata.Scheme != Uri.UriSchemeHttps && !metadata.IsLoopback))
        {
            failures.Add("Auth:MetadataAddress must be an absolute https URL.");
        }

        if (options.EffectiveIssuers.Any(i => i.StartsWith(SandboxTokenService.IssuerPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add("Auth:AllowedIssuers must not hold the sandbox issuer.");
        }

        if (options.AcceptedScopes.Length == 0)
        {
            failures.Add("Auth:AcceptedScopes must name at least one delegated scope (e.g. access_as_user).");
        }

        foreach (var rule in options.CallerScopes)
        {
            if (string.IsNullOrWhiteSpace(rule.AppId) && string.IsNullOrWhiteSpace(rule.ObjectId) && string.IsNullOrWhiteSpace(rule.GroupId))
            {
                failures.Add("Each Auth:CallerScopes entry needs AppId, ObjectId or GroupId.");
            }

            foreach (var ou in rule.AllowedOrganizationalUnits.Where(o => !ImmutableId.Core.Scopes.DistinguishedName.TryParse(o, out _)))
            {
                failures.Add($"Auth:CallerScopes: '{ou}' in AllowedOrganizationalUnits is not a distinguished name (e.g. OU=Sales,DC=corp,DC=contoso,DC=com).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
