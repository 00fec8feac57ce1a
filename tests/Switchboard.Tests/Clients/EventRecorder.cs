using Switchboard.Client;

namespace Switchboard.Tests.Clients;

/// <summary>
/// Reads a <see cref="SwitchboardClient"/>'s events as they come, like an app would, and keeps them in order. Tests
/// wait on conditions over them with a timeout, never on sleeps; a condition that is never met fails with the last
/// events seen.
/// </summary>
public sealed class EventRecorder
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly List<SwitchboardEvent> _events = new();
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EventRecorder(SwitchboardClient client) => Completion = Task.Run(() => ReadAsync(client));

    /// <summary>Completes when the client's event stream does (after it closed).</summary>
    public Task Completion { get; }

    public static EventRecorder Start(SwitchboardClient client) => new(client);

    public SwitchboardEvent[] All()
    {
        lock (_gate) return _events.ToArray();
    }

    public T[] Of<T>() where T : SwitchboardEvent => All().OfType<T>().ToArray();

    public RoomMessage[] Messages(string room) => Of<RoomMessage>().Where(m => m.Room == room).ToArray();

    /// <summary>Room entries (messages, joins, leaves) of <paramref name="room"/>, in arrival order.</summary>
    public RoomEntry[] Entries(string room) => Of<RoomEntry>().Where(e => e.Room == room).ToArray();

    public ConnectionStateChanged[] States() => Of<ConnectionStateChanged>();

    /// <summary>Waits for the first event of type <typeparamref name="T"/> that matches, and returns it.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null) where T : SwitchboardEvent
    {
        T? found = null;
        await WaitUntilAsync(events =>
        {
            found = events.OfType<T>().FirstOrDefault(predicate);
            return found is not null;
        }, timeout);
        return found!;
    }

    /// <summary>Waits until the events seen so far satisfy <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<SwitchboardEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            Task changed;
            SwitchboardEvent[] events;
            lock (_gate)
            {
                events = _events.ToArray();
                changed = _changed.Task;
            }

            if (condition(events)) return;
            // Once the stream has completed nothing more will come: one last look, then the verdict.
            var completed = Completion.IsCompleted;
            if (completed && condition(events = All())) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || completed)
            {
                var tail = string.Join("\n", events.TakeLast(8).Select(e => e.ToString()));
                Assert.Fail($"Condition not met within the timeout; {events.Length} events seen (stream completed: {completed}). Last events:\n{tail}");
            }

            await Task.WhenAny(changed, Task.Delay(left));
        }
    }

    private async Task ReadAsync(SwitchboardClient client)
    {
        try
        {
            await foreach (var e in client.Events.ReadAllAsync())
            {
                TaskCompletionSource changed;
                lock (_gate)
                {
                    _events.Add(e);
                    changed = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                changed.TrySetResult();
            }
        }
        finally
        {
            lock (_gate) _changed.TrySetResult();
        }
    }
}
