using Microsoft.Extensions.Options;
using Switchboard.Edge.Hosting;

namespace Switchboard.Edge.Protocol;

/// <summary>
/// Retries a grain call that is safe to repeat — a read, or an append carrying a client message id (the log dedupes
/// it) — a bounded number of times, so a silo that dies under a request costs the client a slower answer instead of
/// an <c>unavailable</c> error. The last failure is rethrown and answered <c>unavailable</c> as before. An append
/// without a cid is never retried here: it could be stored twice (docs/protocol.md §2, <c>cid</c>).
/// </summary>
public sealed class ClusterCallRetry(IOptions<EdgeOptions> options, ILogger<ClusterCallRetry> logger)
{
    public async Task<T> RunAsync<T>(Func<Task<T>> call, string what, bool repeatable)
    {
        var retries = repeatable ? options.Value.ClusterCallRetries : 0;
        var delay = options.Value.ClusterCallRetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < retries && ex is not OperationCanceledException)
            {
                // After a silo dies its grains come back elsewhere within seconds (docs/operations.md): wait a little
                // longer each time, so the retries span that window.
                EdgeLog.ClusterCallRetried(logger, ex, what, attempt + 1, retries);
                await Task.Delay(delay);
                delay *= 2;
            }
        }
    }
}
