namespace ImmutableId.Standalone;

/// <summary>Prints what to try once the host listens.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var url = app.Urls.FirstOrDefault() ?? StandaloneHostBuilderExtensions.DefaultUrl;
        Console.WriteLine($$"""

            ImmutableId Functions (Standalone host) is listening on {{url}}

            Try:
              curl -s {{url}}/api/health
              curl -s -X POST {{url}}/api/convert -H 'Content-Type: application/json' -d '{"value":"35918bc9-196d-40ea-9779-889d79b753f0"}'
              curl -s -X POST {{url}}/api/convert -H 'Content-Type: application/json' -d '{"value":"yYuRNW0Z6kCXeYidebdT8A=="}'

            Press Ctrl+C to stop.
            """);
    }
}
