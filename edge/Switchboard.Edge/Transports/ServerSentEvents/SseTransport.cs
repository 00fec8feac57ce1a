using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Switchboard.Edge.Connections;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Protocol;
using Switchboard.Edge.Telemetry;

namespace Switchboard.Edge.Transports.ServerSentEvents;

/// <summary>
/// Carries protocol frames down a Server-Sent Events stream: each frame is one event whose <c>data</c> is the frame
/// and whose <c>id</c> is the <see cref="ResumeToken"/> after it, so the browser's automatic <c>Last-Event-ID</c>
/// resumes exactly after the last frame it got. The stream's subscriptions are set when it opens (the inbox and the
/// requested rooms, each from its cursor in the token); the session handles them as it would WebSocket frames.
/// </summary>
internal sealed class SseTransport(HttpContext context, ProtocolSession session, string user, IReadOnlyList<string> rooms, ResumeToken resume, EdgeOptions options)
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();
    private readonly ClientConnection _connection = session.Connection;
    private readonly CursorTracker _cursors = new(resume);

    public async Task RunAsync()
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies (nginx) must not buffer the stream
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.BodyWriter.FlushAsync(context.RequestAborted);

        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _connection.Closing);
        var sending = SendLoopAsync(context.RequestAborted);
        try
        {
            await OpenAsync();
            await Task.Delay(Timeout.Infinite, ended.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away or the server closed the stream: both end it normally.
        }
        finally
        {
            _connection.Close(CloseCodes.Normal, "closed");
            // A client that stopped reading leaves the last write blocked: after the close timeout the request is
            // aborted, which ends that write, so a slow consumer never holds the stream open.
            if (await Task.WhenAny(sending, Task.Delay(options.CloseTimeout)) != sending) context.Abort();
            await sending;
            await session.DisposeAsync();
        }
    }

    /// <summary>
    /// The stream's own hello and subscribes, as one trace of their own (the stream's HTTP request lasts as long as the
    /// stream, so its span is not where they belong; the trace links to it).
    /// </summary>
    private async Task OpenAsync()
    {
        using var open = EdgeTracing.Start("sse.open", EdgeMetrics.Sse, room: null, _connection.Id, ownTrace: true);
        await session.HandleOwnFrameAsync(Frame(w =>
        {
            w.WriteString("type", "hello");
            w.WriteString("user", user);
            if (resume.Inbox is { } inbox)
            {
                w.WriteNumber("inbox_cursor", inbox.Seq);
                w.WriteString("inbox_epoch", inbox.Epoch);
            }
        }));
        EndUnless(_connection.UserId is not null);
        foreach (var room in rooms)
        {
            if (_connection.Closing.IsCancellationRequested) break;
            await session.HandleOwnFrameAsync(Frame(w =>
            {
                w.WriteString("type", "subscribe");
                w.WriteString("room", room);
                if (resume.Rooms.TryGetValue(room, out var cursor))
                {
                    w.WriteNumber("cursor", cursor.Seq);
                    w.WriteString("epoch", cursor.Epoch);
                }
            }));
            EndUnless(session.IsSubscribed(room));
        }
    }

    /// <summary>
    /// The stream's own hello or subscribe failed (the cluster did not answer: its error frame went out). A WebSocket
    /// client would retry it; a stream cannot, and must not go on without the inbox or a room it was asked for. So it
    /// ends with <see cref="CloseCodes.InternalError"/>: the client reconnects with its last event id and resumes.
    /// </summary>
    private void EndUnless(bool started)
    {
        if (!started) _connection.Close(CloseCodes.InternalError, "the cluster did not answer, reconnect and resume");
    }

    private async Task SendLoopAsync(CancellationToken aborted)
    {
        var writer = context.Response.BodyWriter;
        var batch = new List<byte[]>();
        try
        {
            while (true)
            {
                var dequeue = _connection.Outbound.DequeueAsync(batch, aborted);
                while (await Task.WhenAny(dequeue, Task.Delay(options.SseHeartbeatInterval, aborted)) != dequeue)
                {
                    writer.Write(Heartbeat);
                    await writer.FlushAsync(aborted);
                }

                var close = await dequeue;
                foreach (var frame in batch) WriteEvent(writer, frame);
                batch.Clear();
                if (close is not null && close.Code != CloseCodes.Normal)
                {
                    // SSE has no close codes: the last event says why, in the same words a WebSocket close would.
                    WriteEvent(writer, Frame(w =>
                    {
                        w.WriteString("type", "close");
                        w.WriteNumber("code", close.Code);
                        w.WriteString("reason", close.Reason);
                    }));
                }

                await writer.FlushAsync(aborted);
                if (close is not null) return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away mid-write.
        }
    }

    /// <summary>One event: <c>id</c> the token after this frame, <c>data</c> the frame, split at any line break it carries.</summary>
    private void WriteEvent(PipeWriter writer, byte[] frame)
    {
        _cursors.Observe(frame);
        writer.Write("id: "u8);
        writer.Write(Encoding.ASCII.GetBytes(_cursors.Token));
        writer.Write("\ndata: "u8);
        var rest = frame.AsSpan();
        while (true)
        {
            // A client's raw JSON may hold line breaks between tokens; each line becomes its own data line.
            var at = rest.IndexOfAny((byte)'\n', (byte)'\r');
            if (at < 0) break;
            writer.Write(rest[..at]);
            if (rest[at] == '\n') writer.Write("\ndata: "u8);
            rest = rest[(at + 1)..];
        }

        writer.Write(rest);
        writer.Write("\n\n"u8);
    }

    private static byte[] Frame(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
