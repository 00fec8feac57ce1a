using Microsoft.Extensions.Options;
using Switchboard.Edge.Hosting;
using Switchboard.Grains.FanOut;

namespace Switchboard.Edge.FanOut;

/// <summary>
/// Renews this edge's lease with every log it has subscribers for, sending its full subscriber list so the grain can
/// rebuild what it lost (a move to another silo) and drop what it kept by mistake (a lost leave). The grain answers
/// with its last seq, which lets the feed repair a lost tail.
/// </summary>
public sealed class LeaseRenewalService(LogFeeds feeds, EdgeHub hub, IOptions<EdgeOptions> options, ILogger<LeaseRenewalService> logger)
    : PeriodicService(options.Value.LeaseRenewInterval)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => RenewAllAsync(cancellationToken);

    public Task RenewAllAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(feeds.Snapshot(), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (feed, _) =>
        {
            var members = feed.Subscribers()
                .Where(s => s.Joined)
                .Select(s => new ConnectionMember(s.Connection.Id, s.Connection.UserId!))
                .ToArray();
            try
            {
                var position = await feed.Grain.RenewLease(new EdgeLease(hub.EdgeId, hub.Reference, members));
                feed.ObserveLast(position.LastSeq);
            }
            catch (Exception ex)
            {
                EdgeLog.LeaseRenewalFailed(logger, ex, feed.Log.ToString());
            }
        });
}
