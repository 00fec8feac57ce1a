using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.Edge.Hosting;
using Switchboard.Grains.Logs;

namespace Switchboard.Edge.FanOut;

/// <summary>The feeds of this edge, one per log with local subscribers; routes the grains' pushes to them.</summary>
public sealed class LogFeeds(IGrainFactory grains, IOptions<EdgeOptions> options, ILogger<LogFeed> feedLogger)
{
    private readonly object _gate = new();
    private readonly Dictionary<LogAddress, LogFeed> _feeds = new();

    public LogFeed Attach(Subscription subscription)
    {
        lock (_gate)
        {
            if (!_feeds.TryGetValue(subscription.Log, out var feed))
            {
                feed = new LogFeed(subscription.Log, grains.GetLogGrain(subscription.Log), options.Value.GapRepairDelay, feedLogger);
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

    public LogFeed[] Snapshot()
    {
        lock (_gate) return _feeds.Values.ToArray();
    }
}
