namespace Switchboard.Edge.Hosting;

/// <summary>A background service that does one round of work every <see cref="Interval"/> until the host stops.</summary>
public abstract class PeriodicService(TimeSpan interval) : BackgroundService
{
    protected TimeSpan Interval { get; } = interval;

    /// <summary>One round; exceptions are the round's to handle (a failed round must not end the service).</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
