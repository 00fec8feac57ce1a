namespace Switchboard.Client;

/// <summary>The server frame types of docs/protocol.md §4 (<see cref="Unknown"/>: a newer edge's type, ignored).</summary>
internal enum FrameType
{
    Unknown,
    Welcome,
    Subscribed,
    Unsubscribed,
    Ack,
    History,
    Presence,
    Pong,
    Processed,
    Error,
    Message,
    Join,
    Leave,
    Dm,
}
