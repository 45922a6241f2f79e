namespace ImmutableId.EntraEmulator.Graph;

/// <summary>The <c>error.code</c> values the emulator answers with (as Graph's directory endpoints do).</summary>
internal static class GraphErrorCodes
{
    public const string BadRequest = "BadRequest";
    public const string RequestBadRequest = "Request_BadRequest";
    public const string RequestUnsupportedQuery = "Request_UnsupportedQuery";
    public const string RequestResourceNotFound = "Request_ResourceNotFound";
    public const string InvalidAuthenticationToken = "InvalidAuthenticationToken";
    public const string AuthorizationRequestDenied = "Authorization_RequestDenied";
    public const string TooManyRequests = "TooManyRequests";
    public const string ServiceUnavailable = "serviceNotAvailable";
    public const string GatewayTimeout = "gatewayTimeout";
    public const string MethodNotAllowed = "Request_MethodNotAllowed";
    public const string ObjectConflict = "ObjectConflict";
    public const string ConflictingObjects = "ConflictingObjects";
}
