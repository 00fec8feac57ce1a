using Microsoft.Extensions.Logging;

namespace Switchboard.Grains;

/// <summary>The grains' log messages, with stable event ids (1000–1999).</summary>
internal static partial class GrainLog
{
    [LoggerMessage(1000, LogLevel.Debug, "Log {Log} activated at seq {Seq} with {Edges} persisted edges")]
    public static partial void Activated(ILogger logger, string log, long seq, int edges);

    [LoggerMessage(1001, LogLevel.Debug, "Log {Log}: retry of client message {ClientMessageId} from {Sender} answered with seq {Seq}")]
    public static partial void DuplicateAppend(ILogger logger, string log, string sender, string? clientMessageId, long seq);

    [LoggerMessage(1002, LogLevel.Information, "Log {Log}: edge leases expired, {Left} users left")]
    public static partial void EdgeLeasesExpired(ILogger logger, string log, int left);

    [LoggerMessage(1003, LogLevel.Warning, "Log {Log}: push of seq {Seq} to an edge failed")]
    public static partial void PushFailed(ILogger logger, Exception exception, string log, long seq);

    [LoggerMessage(1004, LogLevel.Warning, "Log {Log}: append refused by the store, the activation is out of date and deactivates")]
    public static partial void AppendConflict(ILogger logger, Exception exception, string log);

    [LoggerMessage(1100, LogLevel.Information, "Call {CallId}: participant {ParticipantId} on edge {EdgeId} left: its lease ran out")]
    public static partial void CallParticipantExpired(ILogger logger, string callId, string participantId, string edgeId);

    [LoggerMessage(1101, LogLevel.Warning, "Call {CallId}: {Events} event(s) not appended to the call's room")]
    public static partial void CallEventsNotAppended(ILogger logger, Exception exception, string callId, int events);
}
