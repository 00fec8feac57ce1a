using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

/// <summary>
/// An in-memory, lossy UDP path between a BouncyCastle DTLS client (<see cref="Client"/>) and a
/// <see cref="DtlsSession"/> (<see cref="SendToClient"/> is its send callback, <see cref="Server"/> its inbound side).
/// Each datagram in either direction is dropped with probability <c>lossRate</c>, drawn from one seeded
/// <see cref="Random"/>; the seed fixes the sequence of draws (the interleaving of the two threads still varies).
/// <see cref="DropToClient"/> adds targeted drops for tests about specific flights.
/// </summary>
internal sealed class LossyDatagramPair : IDisposable
{
    private readonly Random _random;
    private readonly double _lossRate;
    private readonly Lock _randomLock = new();
    private int _sentToServer, _droppedToServer, _sentToClient, _droppedToClient;

    public LossyDatagramPair(double lossRate, int seed)
    {
        _lossRate = lossRate;
        _random = new Random(seed);
        Client = new ClientTransport(this);
    }

    /// <summary>The session the client's datagrams are delivered to; set once the session exists.</summary>
    public DtlsSession? Server { get; set; }

    /// <summary>The client's end, for <see cref="DtlsClientProtocol.Connect"/>.</summary>
    public ClientTransport Client { get; }

    /// <summary>Extra, deterministic drops of server→client datagrams (returns true to drop).</summary>
    public Func<byte[], bool>? DropToClient { get; set; }

    /// <summary>Optional per-datagram log (direction, first record's type/epoch/handshake type, lost or not).</summary>
    public Action<string>? Trace { get; set; }

    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    private void Log(string direction, ReadOnlySpan<byte> d, bool lost) => Trace?.Invoke(
        $"{_clock.ElapsedMilliseconds,6} {direction} type={d[0]} epoch={(d.Length > 4 ? d[4] : -1)} " +
        $"hs={(d.Length > 13 && d[0] == 22 && d[4] == 0 ? d[13] : -1)} len={d.Length}{(lost ? " LOST" : "")}");

    /// <summary>The largest datagram the server has sent.</summary>
    public int LargestToClient { get; private set; }

    public string Summary =>
        $"client→server {_sentToServer} sent, {_droppedToServer} lost; server→client {_sentToClient} sent, {_droppedToClient} lost";

    /// <summary>The session's <see cref="DtlsSendCallback"/>.</summary>
    public void SendToClient(ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref _sentToClient);
        lock (_randomLock)
            LargestToClient = Math.Max(LargestToClient, datagram.Length);
        var copy = datagram.ToArray();
        var lost = Lose() || DropToClient?.Invoke(copy) == true;
        Log("S->C", copy, lost);
        if (lost)
        {
            Interlocked.Increment(ref _droppedToClient);
            return;
        }
        Client.Inbound.TryAdd(copy);
    }

    private void SendToServer(ReadOnlySpan<byte> datagram)
    {
        Interlocked.Increment(ref _sentToServer);
        var lost = Lose();
        Log("C->S", datagram, lost);
        if (lost)
        {
            Interlocked.Increment(ref _droppedToServer);
            return;
        }
        Server?.Deliver(datagram);
    }

    private bool Lose()
    {
        lock (_randomLock)
            return _random.NextDouble() < _lossRate;
    }

    public void Dispose() => Client.Close();

    /// <summary>A blocking-queue DatagramTransport, written independently of the production adapter.</summary>
    internal sealed class ClientTransport(LossyDatagramPair pair) : DatagramTransport
    {
        public BlockingCollection<byte[]> Inbound { get; } = new(boundedCapacity: 256);

        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (Inbound.IsCompleted)
                throw new IOException("Client transport closed.");
            try
            {
                if (!Inbound.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis))
                    return -1;
                var length = Math.Min(datagram.Length, buffer.Length);
                datagram.AsSpan(0, length).CopyTo(buffer);
                return length;
            }
            catch (InvalidOperationException)
            {
                throw new IOException("Client transport closed.");
            }
        }

        public void Send(byte[] buf, int off, int len) => pair.SendToServer(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer) => pair.SendToServer(buffer);

        public void Close() => Inbound.CompleteAdding();
    }
}
