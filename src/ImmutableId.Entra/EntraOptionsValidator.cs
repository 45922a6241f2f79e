using System.Net;
using Microsoft.Extensions.Options;

namespace ImmutableId.Entra;

/// <summary>What data annotations cannot say: URL shape, the per-credential required settings, the emulator's loopback rule.</summary>
internal sealed class EntraOptionsValidator : IValidateOptions<EntraOptions>
{
    public ValidateOptionsResult Validate(string? name, EntraOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.GraphBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{EntraOptions.SectionName}:GraphBaseUrl must be an absolute https URL such as https://graph.microsoft.com/v1.0.");
        }
        else if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            failures.Add($"{EntraOptions.SectionName}:GraphBaseUrl must use https (plain http is accepted only for the local emulator on a loopback address).");
        }

        switch (options.Credential)
        {
            case EntraCredentialKind.ManagedIdentity:
                if (!string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) && !Guid.TryParse(options.ManagedIdentityClientId, out _))
                {
                    failures.Add($"{EntraOptions.SectionName}:ManagedIdentityClientId must be the identity's client id (a GUID), or empty for the system-assigned identity.");
                }

                break;
            case EntraCredentialKind.ClientCertificate:
                if (!Guid.TryParse(options.TenantId, out _))
                {
                    failures.Add($"{EntraOptions.SectionName}:TenantId (a GUID) is required for the ClientCertificate credential.");
                }

                if (!Guid.TryParse(options.ClientId, out _))
                {
                    failures.Add($"{EntraOptions.SectionName}:ClientId (a GUID) is required for the ClientCertificate credential.");
                }

                if (string.IsNullOrWhiteSpace(options.CertificatePath) == string.IsNullOrWhiteSpace(options.CertificateThumbprint))
                {
                    failures.Add($"{EntraOptions.SectionName}: set exactly one of CertificatePath and CertificateThumbprint for the ClientCertificate credential.");
                }
                else if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !File.Exists(options.CertificatePath))
                {
                    failures.Add($"{EntraOptions.SectionName}:CertificatePath '{options.CertificatePath}' does not exist.");
                }

                break;
            case EntraCredentialKind.Emulator:
                if (url is null || !IsLoopback(url))
                {
                    failures.Add($"{EntraOptions.SectionName}:Credential Emulator is only allowed when GraphBaseUrl is a loopback address (127.0.0.1, ::1 or localhost): it would send dev tokens elsewhere.");
                }

                if (!Guid.TryParse(options.EmulatorAppId, out _))
                {
                    failures.Add($"{EntraOptions.SectionName}:EmulatorAppId must be a GUID.");
                }

                break;
            default:
                failures.Add($"{EntraOptions.SectionName}:Credential must be ManagedIdentity, ClientCertificate or Emulator.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsLoopback(Uri url) =>
        url.IsLoopback && (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
}
