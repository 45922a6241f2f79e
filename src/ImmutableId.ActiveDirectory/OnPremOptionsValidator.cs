using Microsoft.Extensions.Options;

namespace ImmutableId.ActiveDirectory;

/// <summary>The rules data annotations cannot say: what each mode requires.</summary>
internal sealed class OnPremOptionsValidator : IValidateOptions<OnPremOptions>
{
    public ValidateOptionsResult Validate(string? name, OnPremOptions options)
    {
        var errors = new List<string>();
        switch (options.Mode)
        {
            case OnPremMode.Ldap:
                ValidateLdap(options, errors);
                break;
            case OnPremMode.Ldif:
                if (string.IsNullOrWhiteSpace(options.LdifPath))
                {
                    errors.Add("OnPrem:LdifPath is required in Ldif mode.");
                }
                else if (!File.Exists(options.LdifPath))
                {
                    errors.Add($"OnPrem:LdifPath '{options.LdifPath}' does not exist.");
                }

                break;
            case OnPremMode.Agent:
                break;
            default:
                errors.Add($"OnPrem:Mode '{options.Mode}' is not one of Ldap, Ldif, Agent.");
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateLdap(OnPremOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.Server))
        {
            errors.Add("OnPrem:Server (the DC's host name) is required in Ldap mode.");
        }

        if (options.BaseDns.Count == 0 || options.BaseDns.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("OnPrem:BaseDns needs at least one non-empty DN in Ldap mode (OnPrem__BaseDns__0).");
        }

        if (!Enum.IsDefined(options.Transport))
        {
            errors.Add("OnPrem:Transport must be Ldaps, StartTls or Plain.");
        }

        if (options.Transport == LdapTransport.Plain && !options.AllowInsecurePlainLdap)
        {
            errors.Add("OnPrem:Transport Plain sends the password in clear: it needs OnPrem:AllowInsecurePlainLdap=true (tests only). Use Ldaps.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add("OnPrem:Timeout must be between 00:00:01 and 00:05:00.");
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedCaPath)
            && !File.Exists(options.TrustedCaPath) && !Directory.Exists(options.TrustedCaPath))
        {
            errors.Add($"OnPrem:TrustedCaPath '{options.TrustedCaPath}' is neither a file nor a folder.");
        }

        var keyVault = !string.IsNullOrWhiteSpace(options.KeyVaultUri);
        if (keyVault)
        {
            if (!Uri.TryCreate(options.KeyVaultUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add("OnPrem:KeyVaultUri must be an absolute https URI (https://<vault>.vault.azure.net/).");
            }

            if (string.IsNullOrWhiteSpace(options.BindPasswordSecretName))
            {
                errors.Add("OnPrem:BindPasswordSecretName is required with OnPrem:KeyVaultUri.");
            }
        }

        if (options.BindMode == LdapBindMode.Simple)
        {
            if (string.IsNullOrWhiteSpace(options.BindUserName))
            {
                errors.Add("OnPrem:BindUserName is required for a simple bind.");
            }

            if (!keyVault && string.IsNullOrEmpty(options.BindPassword))
            {
                errors.Add("OnPrem:BindPassword (or OnPrem:KeyVaultUri + OnPrem:BindPasswordSecretName) is required for a simple bind.");
            }
        }
    }
}
