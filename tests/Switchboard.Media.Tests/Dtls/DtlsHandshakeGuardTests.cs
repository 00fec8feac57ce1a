using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

public sealed class DtlsHandshakeGuardTests
{
    [Fact]
    public void ADeclaredHandshakeLengthAboveTheCapIsCaughtInAnyRecordAndAnyFragment()
    {
        var small = Fragment(messageLength: 300, fragmentLength: 20);
        var huge = Fragment(messageLength: 0xFFFFFF, fragmentLength: 20);

        Assert.False(DtlsHandshakeGuard.DeclaresOversizedMessage(Record(epoch: 0, small)));
        Assert.True(DtlsHandshakeGuard.DeclaresOversizedMessage(Record(epoch: 0, huge)));
        Assert.True(DtlsHandshakeGuard.DeclaresOversizedMessage(Record(epoch: 0, [.. small, .. huge])));
        Assert.True(DtlsHandshakeGuard.DeclaresOversizedMessage([.. Record(epoch: 0, small), .. Record(epoch: 0, huge)]));
        Assert.False(DtlsHandshakeGuard.DeclaresOversizedMessage(
            Record(epoch: 0, Fragment(DtlsHandshakeGuard.MaxHandshakeMessageLength, 20))));
        // Epoch 1 is encrypted (Finished): nothing to read, left to the record layer.
        Assert.False(DtlsHandshakeGuard.DeclaresOversizedMessage(Record(epoch: 1, huge)));
    }

    [Fact]
    public void RandomAndTruncatedBytesNeverThrow()
    {
        var random = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var datagram = new byte[random.Next(0, 200)];
            random.NextBytes(datagram);
            if (datagram.Length > 4)
            {
                datagram[0] = 22;
                datagram[3] = 0;
                datagram[4] = 0;
            }
            DtlsHandshakeGuard.DeclaresOversizedMessage(datagram);
        }
    }

    [Fact]
    public async Task TheSessionDropsAndCountsAForgedLengthInsteadOfPassingItToBouncyCastle()
    {
        var statistics = new DtlsStatistics();
        await using var session = new DtlsSession(
            DtlsCertificate.Generate(), [DtlsCertificate.Generate().Fingerprint], _ => { }, statistics: statistics);

        Assert.False(session.Deliver(Record(epoch: 0, Fragment(0xFFFFFF, 20))));
        Assert.True(session.Deliver(Record(epoch: 0, Fragment(300, 20))));
        Assert.Equal(1, statistics.DatagramsDroppedInvalid);
    }

    private static byte[] Fragment(int messageLength, int fragmentLength)
    {
        var fragment = new byte[12 + fragmentLength];
        fragment[0] = 1; // client_hello
        fragment[1] = (byte)(messageLength >> 16);
        fragment[2] = (byte)(messageLength >> 8);
        fragment[3] = (byte)messageLength;
        fragment[9] = (byte)(fragmentLength >> 16);
        fragment[10] = (byte)(fragmentLength >> 8);
        fragment[11] = (byte)fragmentLength;
        return fragment;
    }

    private static byte[] Record(int epoch, byte[] body)
    {
        var record = new byte[13 + body.Length];
        record[0] = 22;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[4] = (byte)epoch;
        record[11] = (byte)(body.Length >> 8);
        record[12] = (byte)body.Length;
        body.CopyTo(record, 13);
        return record;
    }
}
