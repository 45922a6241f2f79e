using ImmutableId.Api.Auth;
using Microsoft.Extensions.Options;

namespace ImmutableId.Standalone;

/// <summary>Prints what to try once the host listens.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? StandaloneHostBuilderExtensions.DefaultUrl;
        var sandbox = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Sandbox;
        if (!sandbox)
        {
            Console.WriteLine($$"""

                ImmutableId Functions (Standalone host) is listening on {{url}}
                Every endpoint except /api/health needs an Entra ID access token for this API (see README, security model).

                Press Ctrl+C to stop.
                """);
            return;
        }

        Console.WriteLine($$"""

            ImmutableId Functions (Standalone host, SANDBOX) is listening on {{url}}

            SANDBOX TOKENS: signed by a key generated at this start, accepted by this sandbox only.
            Get one (roles: ImmutableId.Read, ImmutableId.Write, ImmutableId.Clear; omit "roles" for all three):
              TOKEN=$(curl -s -X POST {{url}}/_sandbox/token -H 'Content-Type: application/json' \
                -d '{"roles":["ImmutableId.Read","ImmutableId.Write","ImmutableId.Clear"]}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
              $token = (Invoke-RestMethod -Method Post -Uri {{url}}/_sandbox/token).access_token

            Try:
              curl -s {{url}}/api/health
              curl -s -X POST {{url}}/api/convert -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"value":"35918bc9-196d-40ea-9779-889d79b753f0"}'
              curl -s "{{url}}/api/operations?upn=alice@contoso.com" -H "Authorization: Bearer $TOKEN"
              Invoke-RestMethod -Method Post -Uri {{url}}/api/convert -Headers @{ Authorization = "Bearer $token" } -ContentType 'application/json' -Body '{"value":"yYuRNW0Z6kCXeYidebdT8A=="}'

            Press Ctrl+C to stop.
            """);
    }
}
