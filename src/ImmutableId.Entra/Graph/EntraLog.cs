using Microsoft.Extensions.Logging;

namespace ImmutableId.Entra.Graph;

/// <summary>The adapter's log messages (no tokens, no immutable IDs).</summary>
internal static partial class EntraLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Graph {Operation}: {Failure} (status {Status}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, string failure, int? status, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Graph {Operation}: {Failure} after {Attempts} attempts; retry budget {Budget} spent (Graph asked to wait {RetryAfter}); the last: {LastAnswer}")]
    public static partial void GaveUp(ILogger logger, string operation, string failure, int attempts, TimeSpan budget, TimeSpan? retryAfter, string lastAnswer);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Graph refused the write of onPremisesImmutableId for {UserId}: {Status} {Code} (request-id {RequestId})")]
    public static partial void WriteRefused(ILogger logger, string userId, string status, string? code, string? requestId);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Graph {Operation} was refused: {Status} {Code}")]
    public static partial void ReadRefused(ILogger logger, string operation, int status, string? code);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "Graph beta onPremisesObjectIdentifier could not be read: {Reason}; the CloudUserLinked check reports unknown")]
    public static partial void BetaUnreadable(ILogger logger, string reason);
}
