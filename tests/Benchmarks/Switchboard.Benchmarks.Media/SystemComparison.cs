using System.Globalization;
using Switchboard.Benchmarks.Media.Janus;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>
/// One table for both systems under the same load. Egress is what both can be measured by from outside: RTP packets
/// that reached the subscribers' sockets during the window (ours also counts what its forwarder sent, in its own
/// table); CPU is the forwarding process's user + system time over the window.
/// </summary>
public static class SystemComparison
{
    public static string ToTable(ForwardingResult? ours, JanusResult? janus)
    {
        var lines = new List<string>
        {
            "| system | publishers × subscribers | per-publisher rate | SRTP profile | publishers sent pkt/s | delivered pkt/s (egress) | CPU (cores) | **delivered pkt/s per core** | bytes allocated per packet | verified by decryption |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        };
        if (ours is not null)
        {
            lines.Add(Row("Switchboard forwarder", ours.Settings, Name(ours.Settings.Profile), ours.SentByPublishers, ours.Delivered, ours.WallSeconds, ours.ForwarderCpuSeconds,
                ours.AllocatedBytesPerPacket.ToString("0.000", CultureInfo.InvariantCulture) + " (per forwarded)", ours.Verified));
        }

        if (janus is not null)
        {
            lines.Add(Row("Janus 1.1.2 VideoRoom", janus.Settings, Name(janus.NegotiatedProfile), janus.Sent, janus.Delivered, janus.WallSeconds, janus.CpuSeconds, "not measured (C)", janus.Verified));
        }

        if (ours is not null && janus is not null)
        {
            static string Ratio(double a, double b) => b > 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) : "–";
            var oursPerCore = ours.Delivered / ours.ForwarderCpuSeconds;
            var janusPerCore = janus.Delivered / janus.CpuSeconds;
            lines.Add($"| Janus ÷ Switchboard | | | | | {Ratio(janus.Delivered / janus.WallSeconds, ours.Delivered / ours.WallSeconds)} | {Ratio(janus.CpuSeconds / janus.WallSeconds, ours.ForwarderCpuSeconds / ours.WallSeconds)} | **{Ratio(janusPerCore, oursPerCore)}** | | |");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Row(string system, ForwardingBenchmarkSettings s, string profile, long sent, long delivered, double wall, double cpu, string allocated, int verified) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {system} | {s.Publishers} × {s.Subscribers} | {(s.Rate == 0 ? "unpaced" : s.Rate.ToString("N0", CultureInfo.InvariantCulture))} | {profile} | {sent / wall:0} | {delivered / wall:0} | {cpu / wall:0.00} | **{(cpu > 0 ? delivered / cpu : 0):0}** | {allocated} | {verified} of {s.Subscribers * SubscriberTally.VerifiedLimit} |");

    private static string Name(SrtpProtectionProfile profile) => profile == SrtpProtectionProfile.AeadAes128Gcm ? "AEAD_AES_128_GCM" : "AES128_CM_HMAC_SHA1_80";
}
