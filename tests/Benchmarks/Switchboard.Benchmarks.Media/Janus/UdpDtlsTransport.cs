using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Org.BouncyCastle.Tls;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// BouncyCastle's datagram transport for a DTLS client sharing a UDP socket with ICE and SRTP: the peer's receive
/// loop hands it the datagrams in the DTLS range (RFC 7983), sends go straight to the selected remote address.
/// </summary>
internal sealed class UdpDtlsTransport(Socket socket, SocketAddress remote) : DatagramTransport
{
    private readonly BlockingCollection<byte[]> _inbound = new(boundedCapacity: 256);

    public void Deliver(ReadOnlySpan<byte> datagram)
    {
        if (!_inbound.IsAddingCompleted) _inbound.TryAdd(datagram.ToArray());
    }

    public int GetReceiveLimit() => 1500;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        try
        {
            if (!_inbound.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis)) return -1;
            var length = Math.Min(datagram.Length, buffer.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }
        catch (InvalidOperationException)
        {
            throw new IOException("The DTLS transport is closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer) => socket.SendTo(buffer, SocketFlags.None, remote);

    public void Close() => _inbound.CompleteAdding();
}
