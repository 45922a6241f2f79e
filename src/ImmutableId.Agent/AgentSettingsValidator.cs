using System.Net;
using Microsoft.Extensions.Options;

namespace ImmutableId.Agent;

/// <summary>What the agent needs to run, with messages that say what to set.</summary>
internal sealed class AgentSettingsValidator : IValidateOptions<AgentSettings>
{
    public ValidateOptionsResult Validate(string? name, AgentSettings options)
    {
        var errors = new List<string>();
        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } api)
        {
            errors.Add("Agent:ApiBaseUrl is required: the API's address, e.g. https://<app>.azurewebsites.net (Agent__ApiBaseUrl).");
        }
        else if (api.Scheme != Uri.UriSchemeHttps && !(api.Scheme == Uri.UriSchemeHttp && IsLoopback(api)))
        {
            errors.Add("Agent:ApiBaseUrl must be https (plain http is accepted only to 127.0.0.1/localhost, for tests): the batches and the token must not travel in clear.");
        }

        switch (options.Credential)
        {
            case AgentCredentialKind.ManagedIdentity:
                RequireScope(options, errors);
                break;
            case AgentCredentialKind.ClientCertificate:
                RequireScope(options, errors);
                if (!Guid.TryParse(options.TenantId, out _) || !Guid.TryParse(options.ClientId, out _))
                {
                    errors.Add("Agent:TenantId and Agent:ClientId (GUIDs) are required with Agent:Credential=ClientCertificate.");
                }

                if (string.IsNullOrWhiteSpace(options.CertificatePath) == string.IsNullOrWhiteSpace(options.CertificateThumbprint))
                {
                    errors.Add("Agent:Credential=ClientCertificate needs exactly one of Agent:CertificatePath (a .pfx/.pem with its key) or Agent:CertificateThumbprint (LocalMachine\\My).");
                }
                else if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !File.Exists(options.CertificatePath))
                {
                    errors.Add($"Agent:CertificatePath '{options.CertificatePath}' does not exist.");
                }

                break;
            case AgentCredentialKind.Sandbox:
                if (options.ApiBaseUrl is { IsAbsoluteUri: true } sandboxUrl && !IsLoopback(sandboxUrl))
                {
                    errors.Add("Agent:Credential=Sandbox takes its token from the local sandbox: Agent:ApiBaseUrl must be on 127.0.0.1/localhost (the sandbox is http://localhost:7071).");
                }

                break;
            case AgentCredentialKind.TestIssuer:
                if (options.TestIssuerTokenUrl is not { IsAbsoluteUri: true } url || !IsLoopback(url))
                {
                    errors.Add("Agent:Credential=TestIssuer is for tests only: Agent:TestIssuerTokenUrl must be the test issuer's token endpoint on 127.0.0.1.");
                }

                if (options.ApiBaseUrl is { IsAbsoluteUri: true } apiUrl && !IsLoopback(apiUrl))
                {
                    errors.Add("Agent:Credential=TestIssuer is refused for an API that is not on a loopback address.");
                }

                if (!Guid.TryParse(options.ClientId, out _))
                {
                    errors.Add("Agent:ClientId (a GUID) is required with Agent:Credential=TestIssuer.");
                }

                break;
            default:
                errors.Add("Agent:Credential must be ManagedIdentity, ClientCertificate or TestIssuer.");
                break;
        }

        if (options.Source == AgentSource.Ldif && (string.IsNullOrWhiteSpace(options.LdifPath) || !File.Exists(options.LdifPath)))
        {
            errors.Add("Agent:Source=Ldif needs Agent:LdifPath: an existing LDIF export.");
        }

        if (options.BatchSize is < 1 or > 100_000)
        {
            errors.Add("Agent:BatchSize must be between 1 and 100000 (and at most the API's Agents:MaxBatchEntries, default 1000).");
        }

        if (options.DeltaInterval < TimeSpan.FromSeconds(1) || options.FullPassInterval < options.DeltaInterval)
        {
            errors.Add("Agent:DeltaInterval must be at least 00:00:01 and Agent:FullPassInterval at least the delta interval.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static void RequireScope(AgentSettings options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.ApiScope) || !options.ApiScope.EndsWith("/.default", StringComparison.Ordinal))
        {
            errors.Add("Agent:ApiScope is required: the API's application id URI + /.default, e.g. api://<API app id>/.default.");
        }
    }
}
