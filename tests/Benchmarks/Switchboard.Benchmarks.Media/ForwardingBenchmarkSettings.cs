using System.Globalization;
using Switchboard.Media.Srtp;

namespace Switchboard.Benchmarks.Media;

/// <summary>
/// What one forwarding run looks like: <c>--publishers</c> senders, each forwarded to every one of <c>--subscribers</c>
/// receivers, <c>--rate</c> packets a second per publisher (0: as fast as they go), <c>--payload</c> bytes of RTP
/// payload, for <c>--seconds</c> after a one-second warm-up, with SRTP profile <c>--profile</c> (gcm or cm).
/// </summary>
public sealed record ForwardingBenchmarkSettings(int Publishers, int Subscribers, int Rate, int Payload, double Seconds, SrtpProtectionProfile Profile, int Seed)
{
    public const string Usage = "usage: Switchboard.Benchmarks.Media [--publishers N] [--subscribers N] [--rate packets/s per publisher, 0 = unpaced] [--payload bytes] [--seconds S] [--profile gcm|cm] [--smoke]";

    public static ForwardingBenchmarkSettings Parse(string[] args)
    {
        var s = new ForwardingBenchmarkSettings(4, 8, 2_000, 1_000, 10, SrtpProtectionProfile.AeadAes128Gcm, 1);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            s = args[i] switch
            {
                "--publishers" => s with { Publishers = Positive(Next()) },
                "--subscribers" => s with { Subscribers = Positive(Next()) },
                "--rate" => s with { Rate = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--payload" => s with { Payload = Math.Clamp(Positive(Next()), 1, 1_200) },
                "--seconds" => s with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--profile" => s with { Profile = Next() switch { "gcm" => SrtpProtectionProfile.AeadAes128Gcm, "cm" => SrtpProtectionProfile.Aes128CmHmacSha1_80, var p => throw new ArgumentException($"Unknown profile '{p}'. {Usage}") } },
                "--seed" => s with { Seed = Positive(Next()) },
                "--smoke" => s with { Publishers = 2, Subscribers = 3, Rate = 500, Payload = 200, Seconds = 1 },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. {Usage}"),
            };
        }

        return s;
    }

    public string[] ToArgs() =>
    [
        "--publishers", Publishers.ToString(CultureInfo.InvariantCulture), "--subscribers", Subscribers.ToString(CultureInfo.InvariantCulture),
        "--rate", Rate.ToString(CultureInfo.InvariantCulture), "--payload", Payload.ToString(CultureInfo.InvariantCulture),
        "--seconds", Seconds.ToString(CultureInfo.InvariantCulture), "--profile", Profile == SrtpProtectionProfile.AeadAes128Gcm ? "gcm" : "cm",
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
    ];

    /// <summary>The keying material DTLS would have exported for participant <paramref name="index"/>: derived from the seed, so both processes agree.</summary>
    public byte[] KeysOf(int index)
    {
        var material = new byte[Profile.KeyingMaterialLength()];
        new Random(Seed * 1_000_003 + index).NextBytes(material);
        return material;
    }

    private static int Positive(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"'{value}' is not a positive number. {Usage}");
}
