using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>
/// One synthetic publisher's send loop, shared by every system under test so each sees the same load: fresh RTP
/// packets (a VP8-like payload of <c>--payload</c> bytes), SRTP-protected, paced to <c>--rate</c> per second
/// (0: as fast as the thread goes) until <paramref name="stop"/>.
/// </summary>
public static class SyntheticRtpSender
{
    public static void Run(Socket socket, SocketAddress remote, SrtpSession outbound, ForwardingBenchmarkSettings settings, uint ssrc, byte payloadType, PacketCounter sent, CancellationToken stop)
    {
        var packet = new byte[12 + settings.Payload + 32];
        Random.Shared.NextBytes(packet);
        packet[0] = 0x80;
        packet[1] = payloadType;
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet[12] = 0x10; // VP8 payload descriptor (RFC 7741 §4.2): start of a partition, no extensions.
        var clear = packet[..(12 + settings.Payload)];
        var clock = Stopwatch.StartNew();
        var count = 0L;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (settings.Rate > 0 && count >= clock.Elapsed.TotalSeconds * settings.Rate)
                {
                    Thread.Sleep(1);
                    continue;
                }

                clear.CopyTo(packet, 0);
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)count);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(count * 3000));
                if (outbound.ProtectRtp(packet, clear.Length, out var length) != SrtpResult.Ok) throw new InvalidOperationException("protect failed");
                socket.SendTo(packet.AsSpan(0, length), SocketFlags.None, remote);
                count++;
                sent.Increment();
            }
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException) when (stop.IsCancellationRequested)
        {
        }
    }
}
