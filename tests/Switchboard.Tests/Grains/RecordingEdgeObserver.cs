using System.Collections.Concurrent;
using Switchboard.Grains.FanOut;
using Switchboard.Grains.Logs;

namespace Switchboard.Tests.Grains;

/// <summary>
/// Records every pushed entry, in arrival order (which the contract does not promise to be seq order). Tests wait on
/// a condition over what has arrived; the condition is re-checked on every delivery and completes a
/// <see cref="TaskCompletionSource"/>, so no test sleeps.
/// </summary>
public sealed class RecordingEdgeObserver : IEdgeObserver
{
    private readonly object _gate = new();
    private readonly ConcurrentQueue<LogEntry> _received = new();
    private readonly List<(Func<IReadOnlyCollection<LogEntry>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    /// <summary>Everything delivered so far, in arrival order.</summary>
    public IReadOnlyList<LogEntry> Received => _received.ToArray();

    public Task Deliver(LogEntry entry)
    {
        lock (_gate)
        {
            _received.Enqueue(entry);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (!_waiters[i].Condition(_received)) continue;
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Completes when <paramref name="condition"/> holds for the entries received (possibly already).</summary>
    public Task WaitUntilAsync(Func<IReadOnlyCollection<LogEntry>, bool> condition)
    {
        lock (_gate)
        {
            if (condition(_received)) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task;
        }
    }

    /// <summary>Completes once every seq in <paramref name="seqs"/> has been delivered at least once.</summary>
    public Task WaitForSeqsAsync(IEnumerable<long> seqs)
    {
        var wanted = seqs.ToHashSet();
        return WaitUntilAsync(received => wanted.IsSubsetOf(received.Select(e => e.Seq)));
    }
}
