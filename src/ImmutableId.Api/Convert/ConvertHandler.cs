using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Core.Anchors;
using Microsoft.AspNetCore.Http;

namespace ImmutableId.Api.Convert;

/// <summary><c>POST /api/convert</c>: one anchor in (the body <see cref="ConvertApi"/> binds), every form out.</summary>
public sealed class ConvertHandler
{
    /// <summary>Every form of the anchor in <paramref name="body"/>, or a problem naming what was wrong.</summary>
    /// <param name="body">The request's body, bound by the endpoint.</param>
    /// <param name="http">The request, for its problem details (instance, trace id) only.</param>
    public ApiAnswer<ConvertResponse> ConvertAnchor(ConvertRequest body, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(http);
        AnchorFormat? from = null;
        if (!string.IsNullOrWhiteSpace(body.From))
        {
            if (!TryParseFormat(body.From, out var forced))
            {
                return ApiAnswer<ConvertResponse>.Refused(ApiProblem.Create(
                    http,
                    StatusCodes.Status400BadRequest,
                    ProblemCodes.InvalidAnchorFormatName,
                    "Unknown anchor form",
                    $"\"from\" must be one of {string.Join(", ", FormatNames)}; omit it to let the form be detected."));
            }

            from = forced;
        }

        var result = SourceAnchor.Parse(body.Value, from);
        if (!result.Success)
        {
            var error = result.Error!;
            return ApiAnswer<ConvertResponse>.Refused(ApiProblem.Create(
                http,
                StatusCodes.Status400BadRequest,
                error.Code,
                "The value is not a source anchor",
                error.Message,
                new Dictionary<string, object?> { ["lookedLike"] = error.LookedLike is { } f ? FormatName(f) : null }));
        }

        return ConvertResponse.From(result.Anchor, result.Format!.Value);
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
