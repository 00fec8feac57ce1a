using Microsoft.Extensions.Options;
using Switchboard.Edge.Auth;
using Switchboard.Edge.Authorization;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;
using Switchboard.Edge.Telemetry;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.Transports.LongPolling;

/// <summary>
/// Long polling at <c>GET /v1/poll?user=…&amp;rooms=…&amp;cursor=…&amp;timeout=…</c> (docs/protocol.md §11). Everything a
/// poll needs is in the request (the cursor is the same resume token SSE uses) and in the grains, so any edge serves
/// any poll. A poll reads each log after its cursor; with nothing new it is held, reading again every
/// <see cref="RecheckInterval"/>, until entries arrive or the timeout passes, and answers with a batch and the next
/// cursor. A long-poll client holds no subscription, so it is not counted in presence. When the edge is stopping, a
/// held poll is answered at once (so a drain is not held up for a poll's timeout) and the client polls elsewhere; a
/// poll the cluster cannot answer gets 503 <c>unavailable</c>, and the client polls again with the same cursor.
/// </summary>
public static class LongPollEndpoint
{
    /// <summary>How often a held poll reads its logs again.</summary>
    public static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest a client may ask a poll to be held.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Most entries one poll returns per log; the client polls again for the rest.</summary>
    private const int MaxEntriesPerLog = 500;

    public static IEndpointConventionBuilder MapSwitchboardLongPolling(this IEndpointRouteBuilder endpoints, string pattern = "/v1/poll") =>
        endpoints.MapGet(pattern, async (HttpContext context, IGrainFactory grains, EdgeHub hub, Authenticator auth, AccessPolicy policy, IOptions<EdgeOptions> options, IHostApplicationLifetime lifetime, EdgeMetrics metrics, ILogger<EdgeHub> logger) =>
        {
            var (request, error) = await StreamRequest.ParseAsync(context, options.Value, auth, policy);
            if (request is null)
            {
                await StreamRequest.RejectAsync(context, error);
                return;
            }

            var timeout = options.Value.LongPollTimeout;
            if (context.Request.Query["timeout"].ToString() is { Length: > 0 } asked)
            {
                if (!double.TryParse(asked, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                {
                    await StreamRequest.RejectAsync(context, Reply.Error(null, ErrorCodes.InvalidField, "Query parameter 'timeout' must be a non-negative number of seconds."));
                    return;
                }

                timeout = TimeSpan.FromSeconds(Math.Min(seconds, MaxTimeout.TotalSeconds));
            }

            byte[] batch;
            using var activity = EdgeTracing.Start("poll", EdgeMetrics.LongPoll, room: null, connectionId: null, ownTrace: false);
            metrics.ConnectionOpened(EdgeMetrics.LongPoll);
            try
            {
                batch = await PollAsync(request, grains, hub.EdgeId, timeout, metrics, lifetime.ApplicationStopping, context.RequestAborted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                EdgeTracing.Failed(activity, ex);
                // The cluster did not answer (a silo died, a log is moving): nothing was consumed, so the client polls
                // again, on any edge, with the same cursor.
                EdgeLog.ClusterCallFailed(logger, ex, "poll", "poll");
                await StreamRequest.RejectAsync(context, Reply.Error(null, ErrorCodes.Unavailable, "The cluster did not answer; poll again with the same cursor."));
                return;
            }
            finally
            {
                metrics.ConnectionClosed(EdgeMetrics.LongPoll);
            }

            context.Response.ContentType = "application/json";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.Body.WriteAsync(batch, context.RequestAborted);
        });

    /// <param name="stopping">Ends the wait for new entries: the poll is answered with what it has.</param>
    private static async Task<byte[]> PollAsync(StreamRequest request, IGrainFactory grains, string edgeId, TimeSpan timeout, EdgeMetrics metrics, CancellationToken stopping, CancellationToken aborted)
    {
        var token = request.Resume;
        var frames = new List<byte[]>();
        var entries = 0;
        var deadline = DateTime.UtcNow + timeout;
        var logs = request.Rooms.Select(LogAddress.Room).Prepend(LogAddress.Inbox(request.User)).ToArray();
        while (true)
        {
            // A cursor the client does not have yet, or one that cannot be honoured, is answered with where the log
            // stands now (as welcome/subscribed do on the other transports), so the poll returns at once.
            var pages = await Task.WhenAll(logs.Select(log => ReadAsync(grains, log, Cursor(token, log))));
            var restarted = false;
            for (var i = 0; i < logs.Length; i++)
            {
                var (log, page) = (logs[i], pages[i]);
                var cursor = Cursor(token, log);
                var position = page.Position;
                if (cursor is not { } c || c.Epoch != position.Epoch || !position.CanResumeFrom(c.Seq))
                {
                    var outcome = new SubscribeOutcome(position.LastSeq, position.Epoch, Recovered: cursor is null);
                    frames.Add(log.Kind == LogKind.Inbox
                        ? FrameWriter.Welcome(null, "poll", request.User, edgeId, outcome)
                        : FrameWriter.Subscribed(null, log.Name, outcome));
                    SetCursor(token, log, new LogCursor(position.LastSeq, position.Epoch));
                    // A cursor that could not be honoured is a resume that lost entries; a poll without one is a start.
                    if (cursor is not null) metrics.Resumed(recovered: false);
                    restarted = true;
                    continue;
                }

                foreach (var entry in page.Entries)
                {
                    frames.Add(FrameWriter.Entry(entry));
                    entries++;
                    SetCursor(token, log, c with { Seq = entry.Seq });
                }
            }

            var left = deadline - DateTime.UtcNow;
            if (frames.Count > 0 || restarted || left <= TimeSpan.Zero || stopping.IsCancellationRequested) break;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
            try
            {
                await Task.Delay(left < RecheckInterval ? left : RecheckInterval, wait.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                break; // the edge is stopping: answer now, the client polls another edge
            }
        }

        metrics.Delivered(EdgeMetrics.LongPoll, entries);
        return FrameWriter.Batch(token.Encode(), frames);
    }

    private static Task<LogPage> ReadAsync(IGrainFactory grains, LogAddress log, LogCursor? cursor) =>
        grains.GetLogGrain(log).Read(cursor is { } c ? c.Seq : long.MaxValue - 1, cursor is null ? 0 : MaxEntriesPerLog);

    private static LogCursor? Cursor(ResumeToken token, LogAddress log) =>
        log.Kind == LogKind.Inbox ? token.Inbox : token.Rooms.TryGetValue(log.Name, out var cursor) ? cursor : null;

    private static void SetCursor(ResumeToken token, LogAddress log, LogCursor cursor)
    {
        if (log.Kind == LogKind.Inbox) token.Inbox = cursor;
        else token.Rooms[log.Name] = cursor;
    }
}
