using Switchboard.Benchmarks.Servers;

// The reference servers the benchmark measures Switchboard against, each in its own process:
//   signalr    the peer: an ASP.NET Core SignalR hub doing the equivalent work (join a room, publish to it)
//   broadcast  the limit: bare Kestrel WebSockets, each received frame re-sent byte for byte to every socket
var mode = args.FirstOrDefault() ?? "";
var rest = args.Skip(1).ToArray();
var app = mode switch
{
    "signalr" => SignalRPeer.Build(rest),
    "broadcast" => Broadcaster.Build(rest),
    _ => throw new ArgumentException($"Usage: Switchboard.Benchmarks.Servers signalr|broadcast --urls http://127.0.0.1:PORT (was '{mode}')"),
};
await app.RunAsync();
