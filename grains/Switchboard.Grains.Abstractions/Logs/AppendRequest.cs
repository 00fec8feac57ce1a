namespace Switchboard.Grains.Logs;

/// <summary>
/// A publish into a log. <see cref="ClientMessageId"/> makes retries safe: the same sender with the same client
/// message id within the dedupe window gets the first append's result back instead of a new entry.
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.AppendRequest")]
public sealed record AppendRequest(
    [property: Id(0)] string Sender,
    [property: Id(1)] string? ClientMessageId,
    [property: Id(2)] byte[] Data);
