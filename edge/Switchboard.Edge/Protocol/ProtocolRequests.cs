using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.Telemetry;
using Switchboard.Grains.Logs;
using Switchboard.Grains.Rooms;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// The requests that need no connection state — publish, dm, history, presence — written once for every transport:
/// a WebSocket session and the HTTP frame endpoint both hand a parsed frame here and send back the reply it returns.
/// Each is checked against the <see cref="AccessPolicy"/> before the cluster is asked anything. A cluster failure is
/// thrown; the caller answers it with <see cref="ErrorCodes.Unavailable"/>.
/// </summary>
public sealed class ProtocolRequests(IGrainFactory grains, ClusterCallRetry retry, AccessPolicy policy, Microsoft.Extensions.Options.IOptions<Limits.LimitsOptions> limits, EdgeMetrics metrics)
{
    private const int DefaultHistoryLimit = 100;

    /// <summary>Most entries one history reply carries (Switchboard:Limits:MaxHistoryPage; the log's read page, Switchboard:Logs:ReadMaxEntries, caps it too).</summary>
    private readonly int _maxHistoryLimit = limits.Value.MaxHistoryPage;

    public static bool Handles(string type) => type is "publish" or "dm" or "history" or "presence";

    /// <summary>Handles a request of a type <see cref="Handles"/> accepts, made by <paramref name="who"/>.</summary>
    public Task<Reply> HandleAsync(InboundFrame frame, AuthIdentity who) => frame.Type switch
    {
        "publish" => PublishAsync(frame, who),
        "dm" => DirectMessageAsync(frame, who),
        "history" => HistoryAsync(frame, who),
        "presence" => PresenceAsync(frame, who),
        _ => throw new ArgumentException($"Not a stateless request: {frame.Type}", nameof(frame)),
    };

    private async Task<Reply> PublishAsync(InboundFrame frame, AuthIdentity who)
    {
        if ((FrameChecks.Room(frame) ?? FrameChecks.Payload(frame)) is { } error) return error;
        if (await policy.RoomAsync(who, frame.Room!, RoomActions.Publish) is { IsAllowed: false } refused) return refused.ToReply(frame.Id);
        return await AppendAsync(frame, LogAddress.Room(frame.Room!), who.User);
    }

    private async Task<Reply> DirectMessageAsync(InboundFrame frame, AuthIdentity who)
    {
        if ((FrameChecks.User(frame, frame.To, "to") ?? FrameChecks.Payload(frame)) is { } error) return error;
        if (await policy.DirectMessageAsync(who, frame.To!) is { IsAllowed: false } refused) return refused.ToReply(frame.Id);
        return await AppendAsync(frame, LogAddress.Inbox(frame.To!), who.User);
    }

    private async Task<Reply> AppendAsync(InboundFrame frame, LogAddress log, string userId)
    {
        var request = new AppendRequest(userId, frame.Cid, frame.Data!);
        var result = await retry.RunAsync(() => grains.GetLogGrain(log).Append(request), "append", repeatable: frame.Cid is not null);
        if (!result.Duplicate) metrics.Received(directMessage: log.Kind == LogKind.Inbox);
        return Reply.Ok(FrameWriter.Ack(frame.Id, log, result));
    }

    private async Task<Reply> HistoryAsync(InboundFrame frame, AuthIdentity who)
    {
        if (FrameChecks.Room(frame) is { } error) return error;
        if (await policy.RoomAsync(who, frame.Room!, RoomActions.History) is { IsAllowed: false } refused) return refused.ToReply(frame.Id);
        var grain = grains.GetGrain<IRoomGrain>(frame.Room!);
        var limit = Math.Clamp(frame.Limit ?? DefaultHistoryLimit, 1, _maxHistoryLimit);
        LogPage page;
        if (frame.After is { } after)
        {
            page = await retry.RunAsync(() => grain.Read(after, limit), "history", repeatable: true);
        }
        else
        {
            // Without 'after', the newest entries.
            var position = (await retry.RunAsync(() => grain.Read(long.MaxValue - 1, 0), "history", repeatable: true)).Position;
            page = await retry.RunAsync(() => grain.Read(Math.Max(position.EarliestSeq - 1, position.LastSeq - limit), limit), "history", repeatable: true);
        }

        return Reply.Ok(FrameWriter.History(frame.Id, frame.Room!, page));
    }

    private async Task<Reply> PresenceAsync(InboundFrame frame, AuthIdentity who)
    {
        if (FrameChecks.Room(frame) is { } error) return error;
        if (await policy.RoomAsync(who, frame.Room!, RoomActions.Presence) is { IsAllowed: false } refused) return refused.ToReply(frame.Id);
        var presence = await retry.RunAsync(() => grains.GetGrain<IRoomGrain>(frame.Room!).Presence(), "presence", repeatable: true);
        return Reply.Ok(FrameWriter.Presence(frame.Id, frame.Room!, presence));
    }
}
