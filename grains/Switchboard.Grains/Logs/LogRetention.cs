namespace Switchboard.Grains.Logs;

/// <summary>The history bounds a store applies when it appends or reads: count, and age measured from <see cref="NowMs"/>.</summary>
public readonly record struct LogRetention(int MaxEntries, TimeSpan MaxAge, long NowMs)
{
    public long OldestKeptTimestampMs => NowMs - (long)MaxAge.TotalMilliseconds;
}
