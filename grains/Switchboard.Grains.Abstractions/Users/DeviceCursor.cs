using Switchboard.Grains.Logs;

namespace Switchboard.Grains.Users;

/// <summary>
/// How far one of a user's devices has processed one log, as the device acknowledged it. A device that lost its
/// local state resumes from here instead of from "now".
/// </summary>
[GenerateSerializer, Immutable, Alias("sb.DeviceCursor")]
public sealed record DeviceCursor(
    [property: Id(0)] string Device,
    [property: Id(1)] LogAddress Log,
    [property: Id(2)] long Seq,
    [property: Id(3)] string Epoch,
    [property: Id(4)] long SavedAtMs);
