namespace Switchboard.Media.Tests.Ice;

/// <summary>A clock that moves only when told: timestamps are ticks of a 1 MHz counter.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _utcNow = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _timestamp = 1_000_000;

    public override long TimestampFrequency => 1_000_000;

    public override DateTimeOffset GetUtcNow() => _utcNow;

    public override long GetTimestamp() => _timestamp;

    public void Advance(TimeSpan by)
    {
        _utcNow += by;
        _timestamp += (long)(by.TotalSeconds * TimestampFrequency);
    }
}
