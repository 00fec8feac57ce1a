namespace Switchboard.Client;

/// <summary>
/// A stored publish or direct message. <see cref="Seq"/> is its position in the room's log (<see cref="Room"/> set) or
/// in the recipient's inbox (<see cref="To"/> set).
/// </summary>
/// <param name="Cid">The client message id the request carried (the one given, or the one the client generated).</param>
/// <param name="Duplicate">True when the edge recognised <see cref="Cid"/> as a retry of an entry already stored: this
/// ack repeats the first one and nothing was appended.</param>
public sealed record Ack(string? Room, string? To, long Seq, string Mid, long Ts, bool Duplicate, string Cid);
