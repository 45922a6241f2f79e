namespace ImmutableId.Api.OpenApi;

/// <summary>
/// Section <c>OpenApi</c>: where the documents say the API is. The server URL never comes from a header the caller
/// chose: it is <see cref="PublicBaseUrl"/> when set; otherwise the request's host only when it is loopback or listed
/// in <see cref="AllowedForwardedHosts"/>; otherwise a relative URL (<c>/api</c>: "the host that served this document").
/// </summary>
public sealed class OpenApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OpenApi";

    /// <summary>The API's public base URL without <c>/api</c>, e.g. <c>https://func-immutableid.azurewebsites.net</c> (https, or http on loopback).</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Host names (optionally with a port) that <c>Host</c> or <c>X-Forwarded-Host</c> may name, e.g. the App Service default host and a custom domain.</summary>
    public IList<string> AllowedForwardedHosts { get; } = [];

    /// <summary>Null when the settings are usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl))
        {
            if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") ||
                !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                return "OpenApi:PublicBaseUrl must be an absolute https URL without query, fragment or user info (e.g. https://func-immutableid.azurewebsites.net).";
            }

            if (uri.Scheme == "http" && !uri.IsLoopback)
            {
                return "OpenApi:PublicBaseUrl must use https (plain http only on a loopback address).";
            }
        }

        foreach (var host in AllowedForwardedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host.Split(':')[0]) is UriHostNameType.Unknown or UriHostNameType.Basic)
            {
                return $"OpenApi:AllowedForwardedHosts holds '{host}', which is not a host name (e.g. func-immutableid.azurewebsites.net).";
            }
        }

        return null;
    }
}
