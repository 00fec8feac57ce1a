namespace Switchboard.Client;

/// <summary>
/// What an edge said when it accepted the connection's <c>hello</c>.
/// </summary>
/// <param name="ConnectionId">This connection's id on the edge (changes with every reconnect).</param>
/// <param name="User">The user the connection speaks for.</param>
/// <param name="EdgeId">The id of the edge process that welcomed it.</param>
/// <param name="Edge">The URL the client connected to.</param>
/// <param name="Inbox">Where the user's direct-message inbox stream starts: <c>dm</c>s with greater seqs follow.</param>
/// <param name="InboxRecovered">False when the inbox cursor the client sent could not be honoured (trimmed, or another
/// epoch): direct messages between that cursor and <see cref="Inbox"/> are not delivered.</param>
public sealed record Welcome(string ConnectionId, string User, string EdgeId, Uri Edge, LogCursor Inbox, bool InboxRecovered);
