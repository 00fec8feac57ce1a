using Switchboard.Benchmarks.Load;

namespace Switchboard.Benchmarks.Systems;

/// <summary>
/// The peer: the SignalR hub in Switchboard.Benchmarks.Servers, spoken to over a raw WebSocket with the JSON hub
/// protocol (records end with 0x1E) and negotiation skipped, as the SignalR clients do with WebSockets only.
/// </summary>
public sealed class SignalRSystem(Repo repo, bool serverGc) : SystemUnderTest(repo, serverGc)
{
    private const char RecordSeparator = '\u001e';

    public override string Name => "signalr";

    private Uri Ws => new($"ws://127.0.0.1:{HttpPort}/hub");

    public override async Task StartAsync(bool edgeOnly)
    {
        var server = Start(Repo.Output("tests/Benchmarks/Switchboard.Benchmarks.Servers", "Switchboard.Benchmarks.Servers.dll"),
            ["signalr", "--urls", $"http://127.0.0.1:{HttpPort}"]);
        await server.WaitForPortAsync(HttpPort, StartTimeout);
    }

    public override async Task<LoadClient> SubscriberAsync(string user, string room, DeliveryRecorder recorder)
    {
        var client = await HandshakeAsync(recorder);
        var joined = client.WaitForAsync("\"type\":3", ReplyTimeout);
        await client.SendAsync($$"""{"type":1,"invocationId":"1","target":"Join","arguments":["{{room}}"]}{{RecordSeparator}}""");
        await joined;
        return client;
    }

    public override Task<LoadClient> PublisherAsync(string user, string room) => HandshakeAsync(recorder: null);

    public override Task<LoadClient> IdleAsync(string user) => HandshakeAsync(recorder: null);

    public override byte[] PublishFrame(string room, string payloadJson, long sequence) =>
        Utf8($$"""{"type":1,"target":"Publish","arguments":["{{room}}",{{payloadJson}}]}{{RecordSeparator}}""");

    private async Task<LoadClient> HandshakeAsync(DeliveryRecorder? recorder)
    {
        var client = await ConnectAsync(Ws, recorder);
        await client.SendAsync($$"""{"protocol":"json","version":1}{{RecordSeparator}}""");
        var reply = await client.FirstMessage.WaitAsync(ReplyTimeout);
        if (!reply.StartsWith("{}", StringComparison.Ordinal)) throw new InvalidOperationException("SignalR handshake failed: " + reply);
        return client;
    }
}
