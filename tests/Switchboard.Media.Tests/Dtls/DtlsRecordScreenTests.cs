using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

public sealed class DtlsRecordScreenTests
{
    [Fact]
    public void ADeclaredHandshakeLengthAboveTheCapIsCaughtInAnyRecordAndAnyFragment()
    {
        var small = Fragment(messageLength: 300, fragmentLength: 20);
        var huge = Fragment(messageLength: 0xFFFFFF, fragmentLength: 20);

        Assert.True(Admits(Record(epoch: 0, small)));
        Assert.False(Admits(Record(epoch: 0, huge)));
        Assert.False(Admits(Record(epoch: 0, [.. small, .. huge])));
        Assert.False(Admits([.. Record(epoch: 0, small), .. Record(epoch: 0, huge)]));
        Assert.True(Admits(
            Record(epoch: 0, Fragment(DtlsRecordScreen.MaxHandshakeMessageLength, 20))));
        // Epoch 1 is encrypted (Finished): nothing to read, left to the record layer.
        Assert.True(Admits(Record(epoch: 1, huge)));
    }

    [Fact]
    public void AnEncryptedRecordTooShortForTheAeadNonceAndTagIsDropped()
    {
        var gcm = DtlsRecordScreen.MinCiphertextLength(0xC02B);
        var chacha = DtlsRecordScreen.MinCiphertextLength(0xCCA9);
        Assert.Equal(24, gcm);
        Assert.Equal(16, chacha);

        Assert.False(DtlsRecordScreen.Admits(Record(epoch: 1, new byte[23]), gcm));
        Assert.True(DtlsRecordScreen.Admits(Record(epoch: 1, new byte[24]), gcm));
        // A ChaCha20 close_notify is 2 + 16 bytes and must still get through.
        Assert.True(DtlsRecordScreen.Admits(Record(epoch: 1, new byte[18]), chacha));
        Assert.False(DtlsRecordScreen.Admits(Record(epoch: 1, new byte[15]), chacha));
        // Epoch 0 is plaintext: short records are BouncyCastle's to judge.
        Assert.True(DtlsRecordScreen.Admits(Record(epoch: 0, new byte[3]), gcm));
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
            DtlsRecordScreen.Admits(datagram, 24);
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

    private static bool Admits(byte[] datagram) =>
        DtlsRecordScreen.Admits(datagram, DtlsRecordScreen.MinCiphertextLengthAnySuite);

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
