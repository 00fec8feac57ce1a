using Switchboard.Benchmarks.Load;

namespace Switchboard.Benchmarks.Systems;

/// <summary>The limit: the bare Kestrel broadcaster in Switchboard.Benchmarks.Servers; a room is a query parameter.</summary>
public sealed class LimitSystem(Repo repo, bool serverGc) : SystemUnderTest(repo, serverGc)
{
    public override string Name => "limit";

    public override async Task StartAsync(bool edgeOnly)
    {
        var server = Start(Repo.Output("tests/Benchmarks/Switchboard.Benchmarks.Servers", "Switchboard.Benchmarks.Servers.dll"),
            ["broadcast", "--urls", $"http://127.0.0.1:{HttpPort}"]);
        await server.WaitForPortAsync(HttpPort, StartTimeout);
    }

    public override Task<LoadClient> SubscriberAsync(string user, string room, DeliveryRecorder recorder) => ConnectAsync(Room(room), recorder);

    // A frame reaches the sockets of its sender's room, so the publisher joins the room and its echoes go uncounted.
    public override Task<LoadClient> PublisherAsync(string user, string room) => ConnectAsync(Room(room), recorder: null);

    public override Task<LoadClient> IdleAsync(string user) => ConnectAsync(Room("idle"), recorder: null);

    public override byte[] PublishFrame(string room, string payloadJson, long sequence) => Utf8(payloadJson);

    private Uri Room(string room) => new($"ws://127.0.0.1:{HttpPort}/ws?room={Uri.EscapeDataString(room)}");
}
