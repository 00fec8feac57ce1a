using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Edge.Hosting;
using Switchboard.Edge.Telemetry;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.FanOut;

/// <summary>The feeds of this edge, one per log with local subscribers; routes the grains' pushes to them.</summary>
public sealed class LogFeeds
{
    private readonly object _gate = new();
    private readonly Dictionary<LogAddress, LogFeed> _feeds = new();
    private readonly IGrainFactory _grains;
    private readonly IOptions<EdgeOptions> _options;
    private readonly ILogger<LogFeed> _feedLogger;
    private readonly EdgeMetrics _metrics;

    public LogFeeds(IGrainFactory grains, IOptions<EdgeOptions> options, ILogger<LogFeed> feedLogger, EdgeMetrics metrics)
    {
        _grains = grains;
        _options = options;
        _feedLogger = feedLogger;
        _metrics = metrics;
        metrics.ObserveLag(MaxLag);
    }

    public LogFeed Attach(Subscription subscription)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(subscription.Log, out var feed))
            {
                feed = new LogFeed(subscription.Log, _grains.GetLogGrain(subscription.Log), _options.Value.GapRepairDelay, _feedLogger, _metrics);
                _feeds[subscription.Log] = feed;
            }

            feed.Add(subscription);
            return feed;
        }
    }

    public void Detach(Subscription subscription)
    {
        lock (_gate)
        {
            if (_feeds.TryGetValue(subscription.Log, out var feed) && feed.Remove(subscription) == 0)
            {
                _feeds.Remove(subscription.Log);
                feed.Close();
            }
        }
    }

    public void Route(LogEntry entry)
    {
        LogFeed? feed;
        lock (_gate) _feeds.TryGetValue(entry.Log, out feed);
        feed?.OnPushed(entry);
    }

    /// <summary>The largest lag of any feed (read when metrics are collected, not on the delivery path).</summary>
    public long MaxLag()
    {
        var max = 0L;
        foreach (var feed in Snapshot()) max = Math.Max(max, feed.Lag);
        return max;
    }

    public LogFeed[] Snapshot()
    {
        lock (_gate) return _feeds.Values.ToArray();
    }
}
