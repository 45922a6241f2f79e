namespace ImmutableId.Api.OpenApi;

/// <summary>Where a parameter is sent.</summary>
public enum ApiParameterLocation
{
    /// <summary>A route segment.</summary>
    Path,

    /// <summary>The query string.</summary>
    Query,

    /// <summary>A request header.</summary>
    Header,
}
