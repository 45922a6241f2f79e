using Microsoft.Extensions.Logging;

namespace ImmutableId.Agent;

/// <summary>Every log line of the agent; none carries a token or a password.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Full pass of {Host} starting ({Reason})")]
    public static partial void FullPassStarting(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Cycle {Kind} done: {Entries} entries in {Batches} batches, high-water mark {HighWaterMark}, sequence {Sequence}")]
    public static partial void CycleDone(ILogger logger, string kind, int entries, int batches, long highWaterMark, long sequence);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Batch {Sequence} is behind the API's last sequence {LastSequence}: continuing after it")]
    public static partial void SequenceBehind(ILogger logger, long sequence, long lastSequence);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Batch {Sequence} failed ({Status}), attempt {Attempt}: retrying under a new sequence")]
    public static partial void Retrying(ILogger logger, long sequence, int status, int attempt);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Sync cycle failed: {Reason}")]
    public static partial void CycleFailed(ILogger logger, string reason, Exception exception);
}
