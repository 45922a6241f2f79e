using ImmutableId.Api.Auth;
using ImmutableId.Api.Endpoints;
using ImmutableId.Api.Http;
using ImmutableId.Api.ImmutableIds;
using ImmutableId.Api.Jobs;
using ImmutableId.Api.OpenApi;
using ImmutableId.Api.Operations;
using ImmutableId.Api.Sync;
using ImmutableId.Api.Writes;
using ImmutableId.Core.Audit;
using ImmutableId.Core.HardMatch;

namespace ImmutableId.Api.Convert;

/// <summary>The Convert feature's endpoints: route, role, gate, OpenAPI metadata and handler, declared once.</summary>
public static class ConvertApi
{
    /// <summary><c>POST</c>: convert an anchor between its forms.</summary>
    public const string Route = "convert";

    /// <summary><c>POST</c> ConvertAnchor.</summary>
    public static ApiEndpoint<ConvertHandler> Convert { get; } = ApiEndpoint.Answering<ConvertHandler, ConvertResponse>(
        new ApiOperationDescription(
            "POST", ConvertApi.Route, "ConvertAnchor", ApiDescription.Anchors,
            "Convert a source anchor",
            "Converts one source anchor between every form: GUID (as AD shows objectGUID), ImmutableId (Base64, the value of onPremisesImmutableId), hex, " +
            "LDAP-escaped bytes and Entra Connect's connector-space DN. The input form is detected unless 'from' forces it. Nothing is read or written.",
            Role: AppRoles.Read,
            Visibility: "important",
            Parameters: [],
            RequestBody: typeof(ConvertRequest),
            RequestBodyRequired: true,
            Responses:
            [
                new(200, "Every form of the anchor."),
                new(400, "The body or the value is not valid; 'lookedLike' names the form the value resembled.",
                    ProblemCodes: [ProblemCodes.InvalidJson, ProblemCodes.MissingBody, ProblemCodes.InvalidAnchorFormatName, "AnchorEmpty", "AnchorInvalid", "AnchorAmbiguous"]),
                new(413, "The body is larger than 64 KiB.", ProblemCodes: [ProblemCodes.RequestTooLarge]),
                new(415, "The body is not JSON.", ProblemCodes: [ProblemCodes.UnsupportedMediaType]),
            ],
            RequiredBodyProperties: ["value"]
        ),
        ConvertAsync);

    /// <summary>This feature's endpoints, in the order the documents list them.</summary>
    public static IReadOnlyList<ApiEndpoint> Endpoints { get; } = [Convert];

    private static async Task<ApiAnswer<ConvertResponse>> ConvertAsync(ConvertHandler handler, ApiCall call)
    {
        var bind = new ApiBinder(call, Convert.Description);
        var body = await bind.BodyAsync<ConvertRequest>(call.CancellationToken).ConfigureAwait(false);
        return bind.Problem is { } problem ? ApiAnswer<ConvertResponse>.Refused(problem) : handler.ConvertAnchor(body!, call.Request.HttpContext);
    }
}
