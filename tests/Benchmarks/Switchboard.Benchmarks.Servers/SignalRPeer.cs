using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;

namespace Switchboard.Benchmarks.Servers;

/// <summary>
/// The peer: what a .NET team would build with SignalR for the same job. WebSockets only, JSON hub protocol, one
/// group per room; a publish is sent to the room's group as one hub message per member.
/// </summary>
public static class SignalRPeer
{
    public static WebApplication Build(string[] args)
    {
        var builder = ReferenceServerHost.CreateBuilder(args);
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<RoomHub>("/hub", o => o.Transports = HttpTransportType.WebSockets);
        return app;
    }

    public sealed class RoomHub : Hub
    {
        public Task Join(string room) => Groups.AddToGroupAsync(Context.ConnectionId, room);

        // The payload stays a JsonElement: re-serialized once per group send, as an app would do.
        public Task Publish(string room, System.Text.Json.JsonElement payload) => Clients.Group(room).SendAsync("m", payload);
    }
}
