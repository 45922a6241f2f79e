using Microsoft.Extensions.Logging;

namespace ImmutableId.Entra.Sync;

/// <summary>The Cloud Sync adapter's log messages (no DNs, no tokens).</summary>
internal static partial class CloudSyncLog
{
    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Cloud Sync provision on demand: {Outcome} (error {ErrorCode}, failed step {FailedStep}, request-id {RequestId})")]
    public static partial void Provisioned(ILogger logger, string outcome, string? errorCode, string? failedStep, string? requestId);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Cloud Sync provision on demand refused: {Status} {Code}")]
    public static partial void Refused(ILogger logger, int status, string? code);
}
