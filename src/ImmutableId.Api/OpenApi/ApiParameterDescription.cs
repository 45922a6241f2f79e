namespace ImmutableId.Api.OpenApi;

/// <summary>A path, query or header parameter.</summary>
/// <param name="Name">The name as sent.</param>
/// <param name="In">Where it is sent.</param>
/// <param name="Type">Its CLR type (string, bool, int, Guid, DateTimeOffset).</param>
/// <param name="Required">True when it must be sent (path parameters always).</param>
/// <param name="Title">A display name (Power Automate's <c>x-ms-summary</c>).</param>
/// <param name="Description">What it means and an example.</param>
/// <param name="Visibility">Power Automate's <c>x-ms-visibility</c>, or null for the default.</param>
/// <param name="MaxLength">The longest string accepted, when there is a limit.</param>
/// <param name="Minimum">The smallest number accepted, when there is a limit.</param>
/// <param name="Maximum">The largest number accepted, when there is a limit.</param>
public sealed record ApiParameterDescription(
    string Name,
    ApiParameterLocation In,
    Type Type,
    bool Required,
    string Title,
    string Description,
    string? Visibility = null,
    int? MaxLength = null,
    int? Minimum = null,
    int? Maximum = null);
