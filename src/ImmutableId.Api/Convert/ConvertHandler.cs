using ImmutableId.Api.Http;
using ImmutableId.Core.Anchors;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Convert;

/// <summary><c>POST /api/convert</c>: one anchor in, every form out.</summary>
public sealed class ConvertHandler
{
    /// <summary>Reads <c>{ value, from? }</c> and answers every form, or a problem naming what was wrong.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await JsonBody.ReadAsync<ConvertRequest>(request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        AnchorFormat? from = null;
        if (!string.IsNullOrWhiteSpace(body!.From))
        {
            if (!TryParseFormat(body.From, out var forced))
            {
                return ApiProblem.Create(
                    request.HttpContext,
                    StatusCodes.Status400BadRequest,
                    ProblemCodes.InvalidAnchorFormatName,
                    "Unknown anchor form",
                    $"\"from\" must be one of {string.Join(", ", FormatNames)}; omit it to let the form be detected.");
            }

            from = forced;
        }

        var result = SourceAnchor.Parse(body.Value, from);
        if (!result.Success)
        {
            var error = result.Error!;
            return ApiProblem.Create(
                request.HttpContext,
                StatusCodes.Status400BadRequest,
                error.Code,
                "The value is not a source anchor",
                error.Message,
                new Dictionary<string, object?> { ["lookedLike"] = error.LookedLike is { } f ? FormatName(f) : null });
        }

        return Results.Json(ConvertResponse.From(result.Anchor, result.Format!.Value), ApiJson.Options);
    }

    private static readonly string[] FormatNames = Enum.GetValues<AnchorFormat>().Select(FormatName).ToArray();

    private static string FormatName(AnchorFormat format) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(format.ToString());

    private static bool TryParseFormat(string name, out AnchorFormat format)
    {
        var normalized = name.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        if (string.Equals(normalized, "base64", StringComparison.OrdinalIgnoreCase))
        {
            format = AnchorFormat.ImmutableId;
            return true;
        }

        if (string.Equals(normalized, "ldap", StringComparison.OrdinalIgnoreCase))
        {
            format = AnchorFormat.LdapEscaped;
            return true;
        }

        return Enum.TryParse(normalized, ignoreCase: true, out format) && Enum.IsDefined(format) && !int.TryParse(normalized, out _);
    }
}
