namespace Switchboard.Benchmarks.Media;

/// <summary>
/// Which forwarder the load goes to: <c>--system ours</c> (the default, our edge's forwarder in a child process),
/// <c>janus</c> (a running Janus VideoRoom: <c>--janus ws://…</c>, <c>--janus-pid</c>, <c>--peer-address</c>), or
/// <c>both</c>, one after the other with the same settings, ending with one comparison table.
/// </summary>
public enum SystemUnderTest
{
    Ours,
    Janus,
    Both,
}
