namespace Switchboard.Client;

/// <summary>The client frames that expect a reply (docs/protocol.md §3), except hello and ping, which the connection sends itself.</summary>
internal enum RequestKind
{
    Subscribe,
    Unsubscribe,
    Publish,
    Direct,
    History,
    Presence,
    ProcessedRoom,
    ProcessedInbox,
}
