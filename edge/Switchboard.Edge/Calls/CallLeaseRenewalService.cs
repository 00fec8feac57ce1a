using Microsoft.Extensions.Options;
using Switchboard.Edge.FanOut;
using Switchboard.Edge.Hosting;
using Switchboard.Grains.Calls;

namespace Switchboard.Edge.Calls;

/// <summary>
/// Keeps this edge's call participants in their calls: every <c>LeaseRenewInterval</c>, one <c>RenewEdge</c> per call
/// with participants here. An edge that dies stops renewing, and its participants leave their calls within
/// <c>Switchboard:Calls:ParticipantLease</c>.
/// </summary>
public sealed class CallLeaseRenewalService(CallParticipations participations, IGrainFactory grains, EdgeHub hub, IOptions<EdgeOptions> options, ILogger<CallLeaseRenewalService> logger)
    : PeriodicService(options.Value.LeaseRenewInterval)
{
    protected override Task RunOnceAsync(CancellationToken cancellationToken) => RenewAllAsync(cancellationToken);

    public Task RenewAllAsync(CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(participations.Calls, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (call, _) =>
        {
            try
            {
                await grains.GetGrain<ICallGrain>(call).RenewEdge(hub.EdgeId);
            }
            catch (Exception ex)
            {
                EdgeLog.LeaseRenewalFailed(logger, ex, CallRooms.RoomOf(call));
            }
        });
}
