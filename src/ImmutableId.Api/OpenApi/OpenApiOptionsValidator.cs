using Microsoft.Extensions.Options;

namespace ImmutableId.Api.OpenApi;

/// <summary>Refuses to start with an <c>OpenApi</c> section that could put a wrong server URL in the documents, and says why.</summary>
internal sealed class OpenApiOptionsValidator : IValidateOptions<OpenApiOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenApiOptions options) =>
        options.Validate() is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
}
