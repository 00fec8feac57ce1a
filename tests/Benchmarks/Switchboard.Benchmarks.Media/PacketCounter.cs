namespace Switchboard.Benchmarks.Media;

/// <summary>A packet count written by one thread and read by the coordinator.</summary>
public sealed class PacketCounter
{
    private long _count;

    public long Value => Interlocked.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);
}
