using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Tests.Support;

/// <summary>A Server-Sent Events reader over a real HTTP connection: it parses events (and comment lines) as they arrive.</summary>
public sealed class SseTestClient : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(string? Id, JsonElement? Data, string? Comment)> _events = Channel.CreateUnbounded<(string?, JsonElement?, string?)>();
    private HttpResponseMessage? _response;
    private Task? _reading;

    public string? LastEventId { get; private set; }

    public static async Task<SseTestClient> ConnectAsync(Uri uri, string? lastEventId = null, Action<HttpRequestMessage>? configure = null)
    {
        var client = new SseTestClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        configure?.Invoke(request);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        client._response = await client._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TestClient.DefaultTimeout);
        Assert.Equal("text/event-stream", client._response.Content.Headers.ContentType?.MediaType);
        client._reading = client.ReadAsync();
        return client;
    }

    public HttpResponseMessage Response => _response!;

    /// <summary>The next event's data frame (comments skipped), within the default timeout.</summary>
    public async Task<JsonElement> NextFrameAsync()
    {
        while (true)
        {
            var (id, data, _) = await _events.Reader.ReadAsync().AsTask().WaitAsync(TestClient.DefaultTimeout);
            if (data is null) continue;
            LastEventId = id;
            return data.Value;
        }
    }

    /// <summary>The next event's data frame (comments skipped), or null once the stream has ended.</summary>
    public async Task<JsonElement?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (await _events.Reader.WaitToReadAsync(cancellationToken))
        {
            while (_events.Reader.TryRead(out var e))
            {
                if (e.Data is null) continue;
                LastEventId = e.Id;
                return e.Data.Value;
            }
        }

        return null;
    }

    /// <summary>Frames until one matches; returns all read, the match last.</summary>
    public async Task<List<JsonElement>> FramesUntilAsync(Func<JsonElement, bool> last)
    {
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await NextFrameAsync();
            frames.Add(frame);
            if (last(frame)) return frames;
        }
    }

    public async Task<string> NextCommentAsync()
    {
        while (true)
        {
            var (_, _, comment) = await _events.Reader.ReadAsync().AsTask().WaitAsync(TestClient.DefaultTimeout);
            if (comment is not null) return comment;
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response!.Content.ReadAsStreamAsync(_stop.Token));
            string? id = null;
            var data = new List<string>();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data.Count > 0) _events.Writer.TryWrite((id, JsonDocument.Parse(string.Join("\n", data)).RootElement.Clone(), null));
                    data.Clear();
                }
                else if (line.StartsWith(':')) _events.Writer.TryWrite((null, null, line[1..].Trim()));
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _response?.Dispose();
        if (_reading is not null) await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        _http.Dispose();
    }
}
