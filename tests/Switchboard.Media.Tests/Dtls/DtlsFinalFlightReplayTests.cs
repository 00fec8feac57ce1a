using Switchboard.Media.Dtls;

namespace Switchboard.Media.Tests.Dtls;

public sealed class DtlsFinalFlightReplayTests
{
    // Record headers only matter for their first byte here: 20 ChangeCipherSpec, 22 Handshake, 23 application data.
    private static readonly byte[] ServerHello = [22, 0xFE, 0xFD, 0, 0, 1, 2, 3];
    private static readonly byte[] ChangeCipherSpec = [20, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    private static readonly byte[] Finished = [22, 0xFE, 0xFD, 0, 1, 9, 9, 9, 9, 9];
    private static readonly byte[] ClientRetransmission = [22, 0xFE, 0xFD, 0, 0, 7, 7];

    [Fact]
    public void AClientRetransmissionGetsOurFinalFlightAsOneDatagram_WhenItFits()
    {
        var sent = Replay(maxDatagram: 1200, ClientRetransmission);

        Assert.Equal([[.. ChangeCipherSpec, .. Finished]], sent);
    }

    [Fact]
    public void AFlightLargerThanOneDatagram_IsReplayedRecordByRecord()
    {
        var sent = Replay(maxDatagram: ChangeCipherSpec.Length + Finished.Length - 1, ClientRetransmission);

        Assert.Equal([ChangeCipherSpec, Finished], sent);
    }

    [Fact]
    public void ApplicationDataAfterTheHandshake_IsNotAnsweredWithTheFlight()
    {
        var sent = Replay(maxDatagram: 1200, [23, 0xFE, 0xFD, 0, 1, 5]);

        Assert.Empty(sent);
    }

    private static List<byte[]> Replay(int maxDatagram, byte[] inbound)
    {
        var replay = new DtlsFinalFlightReplay(maxDatagram);
        foreach (var datagram in new[] { ServerHello, ChangeCipherSpec, Finished })
            replay.OnSend(datagram);
        replay.Arm();
        var sent = new List<byte[]>();
        replay.OnReceive(inbound, d => sent.Add(d.ToArray()));
        return sent;
    }
}
