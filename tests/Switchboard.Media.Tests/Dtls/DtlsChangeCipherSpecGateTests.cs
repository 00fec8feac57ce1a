using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

public sealed class DtlsChangeCipherSpecGateTests
{
    private const byte Certificate = 11, CertificateVerify = 15, ClientKeyExchange = 16;

    [Fact]
    public void AChangeCipherSpecBeforeTheCertificateVerifyIsCutOffWithWhatFollowsIt()
    {
        var gate = new DtlsChangeCipherSpecGate();
        Assert.Equal(Handshake(Certificate).Length, gate.Admit(Handshake(Certificate)));
        Assert.Equal(Handshake(ClientKeyExchange).Length, gate.Admit(Handshake(ClientKeyExchange)));

        // CertificateVerify lost: the ChangeCipherSpec and the epoch-1 Finished behind it are held back.
        Assert.Equal(0, gate.Admit(ChangeCipherSpec()));
        byte[] tail = [.. Handshake(Certificate), .. ChangeCipherSpec(), .. Finished()];
        Assert.Equal(Handshake(Certificate).Length, gate.Admit(tail));

        // Once the CertificateVerify has been seen, the retransmitted ChangeCipherSpec passes, and the gate stays open.
        gate.Admit(Handshake(CertificateVerify));
        Assert.Equal(ChangeCipherSpec().Length, gate.Admit(ChangeCipherSpec()));
        Assert.Equal(Finished().Length, gate.Admit(Finished()));
    }

    [Fact]
    public void ABrowserStyleFlightPackedInOneDatagramPassesWhole()
    {
        byte[] flight =
        [
            .. Handshake(Certificate), .. Handshake(ClientKeyExchange), .. Handshake(CertificateVerify),
            .. ChangeCipherSpec(), .. Finished(),
        ];

        Assert.Equal(flight.Length, new DtlsChangeCipherSpecGate().Admit(flight));
    }

    [Fact]
    public void AMessageSeenOnlyInPartDoesNotOpenTheGate()
    {
        var gate = new DtlsChangeCipherSpecGate();
        gate.Admit(Handshake(Certificate));
        gate.Admit(Handshake(ClientKeyExchange));
        gate.Admit(Handshake(CertificateVerify, messageLength: 100, fragmentLength: 60)); // second half lost

        Assert.Equal(0, gate.Admit(ChangeCipherSpec()));
    }

    private static byte[] Handshake(byte type, int messageLength = 40, int fragmentLength = 40)
    {
        var fragment = new byte[12 + fragmentLength];
        fragment[0] = type;
        fragment[3] = (byte)messageLength;
        fragment[11] = (byte)fragmentLength;
        return Record(22, 0, fragment);
    }

    private static byte[] ChangeCipherSpec() => Record(20, 0, [1]);

    private static byte[] Finished() => Record(22, 1, new byte[40]);

    private static byte[] Record(byte type, byte epoch, byte[] body)
    {
        var record = new byte[13 + body.Length];
        record[0] = type;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[4] = epoch;
        record[12] = (byte)body.Length;
        body.CopyTo(record, 13);
        return record;
    }
}
