namespace ImmutableId.Api.Http;

/// <summary>The stable <c>code</c> values of request-level problems (guardrail codes live with the workflow).</summary>
public static class ProblemCodes
{
    public const string InvalidJson = "InvalidJson";
    public const string MissingBody = "MissingBody";
    public const string RequestTooLarge = "RequestTooLarge";
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    public const string ValidationFailed = "ValidationFailed";
    public const string InvalidAnchorFormatName = "InvalidAnchorFormatName";
    public const string AuthenticationRequired = "AuthenticationRequired";
    public const string InvalidToken = "InvalidToken";
    public const string AuthenticationUnavailable = "AuthenticationUnavailable";
    public const string InsufficientScope = "InsufficientScope";
    public const string InsufficientRole = "InsufficientRole";
    public const string OutOfCallerScope = "OutOfCallerScope";
    public const string InvalidOperationId = "InvalidOperationId";
    public const string OperationNotFound = "OperationNotFound";
    public const string InvalidContinuationToken = "InvalidContinuationToken";
    public const string InvalidIdempotencyKey = "InvalidIdempotencyKey";
    public const string IdempotencyKeyReused = "IdempotencyKeyReused";
    public const string IdempotencyKeyInProgress = "IdempotencyKeyInProgress";
    public const string UserBusy = "UserBusy";
    public const string RequestBodyTimeout = "RequestBodyTimeout";
    public const string InvalidRequest = "InvalidRequest";
    public const string StorageUnavailable = "StorageUnavailable";
    public const string SyncErrorNotRecognized = "SyncErrorNotRecognized";
    public const string AgentTokenNotAllowed = "AgentTokenNotAllowed";
    public const string AgentNotBound = "AgentNotBound";
    public const string AgentBatchTooLarge = "AgentBatchTooLarge";
    public const string ContentDigestMissing = "ContentDigestMissing";
    public const string ContentDigestMismatch = "ContentDigestMismatch";
    public const string AgentEntryOutOfScope = "AgentEntryOutOfScope";
    public const string AgentSequenceNotNewer = "AgentSequenceNotNewer";
    public const string InvalidJobInput = "InvalidJobInput";
    public const string JobNotFound = "JobNotFound";
    public const string InvalidJobId = "InvalidJobId";
}
