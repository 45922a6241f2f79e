using ImmutableId.Standalone.Sandbox;

namespace ImmutableId.Standalone;

/// <summary>Prints what to try once the host listens.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? StandaloneHostBuilderExtensions.DefaultUrl;
        var decision = app.Services.GetRequiredService<SandboxDecision>();
        var sandbox = app.Services.GetService<SandboxEnvironment>();
        Console.WriteLine($$"""

            ImmutableId Functions (Standalone host) is listening on {{url}}
            """);
        if (decision.Enabled && sandbox is not null)
        {
            Console.WriteLine($$"""

                SANDBOX ({{decision.Reason}}): nothing here is real. Entra = the emulator at {{sandbox.Emulator.GraphBaseUrl}}
                (demo tenant, in memory), AD = the demo LDIF directory. Everything resets when you stop this host.

                Try (users: src/ImmutableId.EntraEmulator/README.md):
                  # status of a cloud-only user
                  curl -s {{url}}/api/users/adele.vance@contoso.com/immutable-id
                  # dry run: every check and the exact value, nothing written
                  curl -s -X PUT '{{url}}/api/users/alex.wilber@contoso.com/immutable-id?dryRun=true'
                  # hard match: writes Base64(objectGUID), verifies it, answers the next step
                  curl -s -X PUT {{url}}/api/users/adele.vance@contoso.com/immutable-id -H 'Content-Type: application/json' -d '{"ticket":"INC0001"}'
                  # clear: writes an explicit null
                  curl -s -X DELETE '{{url}}/api/users/adele.vance@contoso.com/immutable-id?ticket=INC0002'
                  # refused: a Global Administrator (403 PrivilegedTarget, every blocker listed)
                  curl -s -X PUT {{url}}/api/users/diego.siciliani@contoso.com/immutable-id
                  # refused: a PIM-eligible admin, a federated domain
                  curl -s -X PUT {{url}}/api/users/isaiah.langer@contoso.com/immutable-id
                  curl -s -X PUT {{url}}/api/users/pradeep.gupta@fabrikam.com/immutable-id
                """);
        }
        else
        {
            Console.WriteLine($"  Configured directories ({decision.Reason}).");
        }

        Console.WriteLine($$"""

              curl -s {{url}}/api/health
              curl -s -X POST {{url}}/api/convert -H 'Content-Type: application/json' -d '{"value":"35918bc9-196d-40ea-9779-889d79b753f0"}'

            Press Ctrl+C to stop.
            """);
    }
}
