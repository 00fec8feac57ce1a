using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>
/// What one synthetic subscriber counts, the same way for every system under test: each RTP packet that reaches its
/// socket is delivered; the first <see cref="VerifiedLimit"/> are also decrypted with the subscriber's own keys, as
/// proof that they are the publishers' packets re-encrypted for it.
/// </summary>
public sealed class SubscriberTally
{
    public const int VerifiedLimit = 50;

    private int _verified;

    public PacketCounter Delivered { get; } = new();

    public int Verified => Volatile.Read(ref _verified);

    public void Count(Span<byte> packet, SrtpSession inbound)
    {
        Delivered.Increment();
        if (_verified < VerifiedLimit && inbound.UnprotectRtp(packet, out _) == SrtpResult.Ok) Interlocked.Increment(ref _verified);
    }
}
