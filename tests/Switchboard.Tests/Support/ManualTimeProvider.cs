namespace Switchboard.Tests.Support;

/// <summary>
/// A wall clock the test moves by hand: <see cref="GetUtcNow"/> returns the set time and changes only through
/// <see cref="Advance"/> or <see cref="SetUtcNow"/>. Thread-safe. Only the wall clock is manual: timestamps and
/// timers created from it (<see cref="TimeProvider.GetTimestamp"/>, <see cref="TimeProvider.CreateTimer"/>) keep
/// running on real time, so grain timers still tick while the grains' notion of "now" stands still.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    /// <summary>A fixed, arbitrary start so runs are reproducible.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private long _utcTicks;

    public ManualTimeProvider()
        : this(DefaultStart)
    {
    }

    public ManualTimeProvider(DateTimeOffset start)
    {
        _utcTicks = start.UtcTicks;
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward by <paramref name="delta"/> (which must not be negative).</summary>
    public DateTimeOffset Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        return new DateTimeOffset(Interlocked.Add(ref _utcTicks, delta.Ticks), TimeSpan.Zero);
    }

    /// <summary>Sets the clock; it may not go backwards.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        var current = Interlocked.Read(ref _utcTicks);
        while (true)
        {
            if (ticks < current)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"The clock may not go backwards (now {new DateTimeOffset(current, TimeSpan.Zero):O}).");
            }

            var seen = Interlocked.CompareExchange(ref _utcTicks, ticks, current);
            if (seen == current) return;
            current = seen;
        }
    }
}
