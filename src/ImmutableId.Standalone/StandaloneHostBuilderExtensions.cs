using ImmutableId.Api;
using ImmutableId.Api.Auth;
using ImmutableId.Storage;

namespace ImmutableId.Standalone;

/// <summary>The Standalone host's composition.</summary>
internal static class StandaloneHostBuilderExtensions
{
    /// <summary>The Functions default port, so that scripts written against <c>func start</c> work unchanged.</summary>
    public const string DefaultUrl = "http://localhost:7071";

    public static WebApplicationBuilder AddImmutableIdStandalone(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) &&
            string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) &&
            string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddImmutableIdApi();
        builder.Services.AddImmutableIdAuth(sandboxAllowed: true);
        builder.Services.AddImmutableIdStorage();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
