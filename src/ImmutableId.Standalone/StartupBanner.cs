using ImmutableId.Api.Auth;
using ImmutableId.Standalone.Sandbox;
using Microsoft.Extensions.Options;

namespace ImmutableId.Standalone;

/// <summary>Prints what to try once the host listens.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? StandaloneHostBuilderExtensions.DefaultUrl;
        var decision = app.Services.GetRequiredService<SandboxDecision>();
        var sandbox = app.Services.GetService<SandboxEnvironment>();
        var sandboxTokens = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox;
        Console.WriteLine($$"""

            ImmutableId Functions (Standalone host) is listening on {{url}}
            """);
        if (sandboxTokens)
        {
            Console.WriteLine($$"""

                SANDBOX TOKENS: signed by a key generated at this start, accepted by this sandbox only.
                Get one (omit "roles" for ImmutableId.Read, ImmutableId.Write and ImmutableId.Clear):
                  TOKEN=$(curl -s -X POST {{url}}/_sandbox/token -H 'Content-Type: application/json' \
                    -d '{"roles":["ImmutableId.Read","ImmutableId.Write","ImmutableId.Clear"]}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
                  $token = (Invoke-RestMethod -Method Post -Uri {{url}}/_sandbox/token).access_token
                """);
        }
        else
        {
            Console.WriteLine("  Every endpoint except /api/health needs an Entra ID access token for this API (docs/security.md): TOKEN=<token>.");
        }

        if (decision.Enabled && sandbox is not null)
        {
            Console.WriteLine($$"""

                SANDBOX ({{decision.Reason}}): nothing here is real. Entra = the emulator at {{sandbox.GraphBaseUrl}}
                (demo tenant, in memory), AD = the demo LDIF directory. Everything resets when you stop this host.

                Try (users: src/ImmutableId.EntraEmulator/README.md):
                  # status of a cloud-only user
                  curl -s {{url}}/api/users/adele.vance@contoso.com/immutable-id -H "Authorization: Bearer $TOKEN"
                  # dry run: every check and the exact value, nothing written
                  curl -s -X PUT '{{url}}/api/users/alex.wilber@contoso.com/immutable-id?dryRun=true' -H "Authorization: Bearer $TOKEN"
                  # hard match: writes Base64(objectGUID), verifies it, answers the next step (X-Operation-Id: the audit record)
                  curl -si -X PUT {{url}}/api/users/adele.vance@contoso.com/immutable-id -H "Authorization: Bearer $TOKEN" -H 'Idempotency-Key: "INC0001-adele"' -H 'Content-Type: application/json' -d '{"ticket":"INC0001"}'
                  # clear: writes an explicit null
                  curl -s -X DELETE '{{url}}/api/users/adele.vance@contoso.com/immutable-id?ticket=INC0002' -H "Authorization: Bearer $TOKEN"
                  # refused: a Global Administrator (403 PrivilegedTarget, every blocker listed)
                  curl -s -X PUT {{url}}/api/users/diego.siciliani@contoso.com/immutable-id -H "Authorization: Bearer $TOKEN"
                  # refused: a PIM-eligible admin, a federated domain
                  curl -s -X PUT {{url}}/api/users/isaiah.langer@contoso.com/immutable-id -H "Authorization: Bearer $TOKEN"
                  curl -s -X PUT {{url}}/api/users/pradeep.gupta@fabrikam.com/immutable-id -H "Authorization: Bearer $TOKEN"
                  # the audit trail of one user
                  curl -s '{{url}}/api/operations?upn=adele.vance@contoso.com' -H "Authorization: Bearer $TOKEN"
                """);
        }
        else
        {
            Console.WriteLine($"  Configured directories ({decision.Reason}).");
        }

        Console.WriteLine($$"""

              curl -s {{url}}/api/health
              curl -s -X POST {{url}}/api/convert -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"value":"35918bc9-196d-40ea-9779-889d79b753f0"}'
              Invoke-RestMethod -Method Post -Uri {{url}}/api/convert -Headers @{ Authorization = "Bearer $token" } -ContentType 'application/json' -Body '{"value":"yYuRNW0Z6kCXeYidebdT8A=="}'

            Press Ctrl+C to stop.
            """);
    }
}
