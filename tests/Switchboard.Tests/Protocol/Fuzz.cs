using System.Reflection;
using System.Text;
using CsCheck;
using Switchboard.Edge.Protocol;

namespace Switchboard.Tests.Protocol;

/// <summary>
/// Shared pieces of the parser fuzz tests: how many iterations (<c>SWITCHBOARD_FUZZ_ITERATIONS</c>, default small so
/// the suite stays quick; docs/security.md "Fuzzing"), generators of hostile input, and the allocation meter.
/// </summary>
internal static class Fuzz
{
    /// <summary>Iterations per property: <c>SWITCHBOARD_FUZZ_ITERATIONS</c>, default 1,500.</summary>
    public static long Iterations =>
        long.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_FUZZ_ITERATIONS"), out var n) && n > 0 ? n : 1_500;

    /// <summary>Every code the error catalogue (docs/protocol.md) documents.</summary>
    public static readonly HashSet<string> DocumentedErrorCodes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Runs both decoders once over each kind of input (valid, malformed, lone surrogate, bad token), so that what
    /// happens only on a first call (type initialisation, the first exception thrown on a path) is not counted against
    /// the allocation bound of whichever test happens to run first.
    /// </summary>
    public static void WarmUp()
    {
        foreach (var text in ValidFrames.Concat(["{", "[1]", """{"type":"\ud800"}""", """{"cursor":1e400}""", "\u0000"]))
        {
            FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out _, out _, out _);
        }

        foreach (var token in new[] { new ResumeToken().Encode(), "!!", "e30", "W10", "eyJyIjp7ImEgYiI6WzEsImUiXX19" })
        {
            ResumeToken.TryDecode(token, out _, out _);
        }
    }

    /// <summary>Runs <paramref name="property"/> over <paramref name="gen"/> on one thread (2 shared cores), printing failures as text.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> property, Func<T, string>? print = null) =>
        gen.Sample(property, iter: Iterations, threads: 1, print: print);

    /// <summary>Bytes allocated on this thread by <paramref name="action"/> (after one warm-up call, so JIT work is not counted).</summary>
    public static long AllocatedBy(Action action)
    {
        action();
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    public static readonly string[] FrameFields =
    [
        "type", "id", "user", "room", "to", "cid", "epoch", "cursor", "inbox_cursor", "after", "device", "seq", "inbox",
        "inbox_epoch", "limit", "data", "x",
    ];

    public static readonly string[] FrameTypes = ["hello", "subscribe", "unsubscribe", "publish", "dm", "history", "presence", "ping", "processed", "teleport"];

    /// <summary>Valid frames of every type, as clients send them.</summary>
    public static readonly string[] ValidFrames =
    [
        """{"type":"hello","id":1,"user":"alice","device":"phone-1","inbox_cursor":4,"inbox_epoch":"e1"}""",
        """{"type":"subscribe","id":"s-2","room":"lobby","cursor":17,"epoch":"abc"}""",
        """{"type":"unsubscribe","id":3,"room":"lobby"}""",
        """{"type":"publish","id":4,"room":"games:chess","cid":"c-4","data":{"text":"h\u00e9llo \ud83d\ude00","n":[1,2.5,-3e10,true,null]}}""",
        """{"type":"dm","id":5,"to":"bob@example","cid":"d-5","data":"hi"}""",
        """{"type":"history","id":6,"room":"lobby","after":10,"limit":50}""",
        """{"type":"presence","id":7,"room":"lobby"}""",
        """{"type":"ping","id":8}""",
        """{"type":"processed","id":9,"room":"lobby","seq":12,"inbox":false}""",
    ];

    /// <summary>Random JSON text (often not valid): known and unknown fields, values of every type, deep nesting, huge numbers, escapes, lone surrogates, duplicate keys.</summary>
    public static string RandomJson(Random random)
    {
        var text = new StringBuilder();
        var fields = random.Next(0, 8);
        text.Append('{');
        for (var i = 0; i < fields; i++)
        {
            if (i > 0) text.Append(',');
            var field = FrameFields[random.Next(FrameFields.Length)];
            text.Append('"').Append(field).Append("\":");
            if (field == "type" && random.Next(2) == 0) text.Append('"').Append(FrameTypes[random.Next(FrameTypes.Length)]).Append('"');
            else Value(text, random, depth: 0);
        }

        text.Append('}');
        return random.Next(10) == 0 ? Mutate(text.ToString(), random) : text.ToString();
    }

    private static void Value(StringBuilder text, Random random, int depth)
    {
        switch (random.Next(depth > 4 ? 7 : 10))
        {
            case 0: text.Append("null"); break;
            case 1: text.Append(random.Next(2) == 0 ? "true" : "false"); break;
            case 2: text.Append(Number(random)); break;
            case 3: case 4: StringValue(text, random); break;
            case 5: text.Append('"').Append(Names[random.Next(Names.Length)]).Append('"'); break;
            case 6:
                // Deep nesting, past the parser's limit of 32 about half the time.
                var depthToGo = random.Next(1, 70);
                text.Append(new string('[', depthToGo)).Append(new string(']', depthToGo));
                break;
            case 7:
                text.Append('[');
                for (int i = 0, n = random.Next(4); i < n; i++)
                {
                    if (i > 0) text.Append(',');
                    Value(text, random, depth + 1);
                }

                text.Append(']');
                break;
            default:
                text.Append('{');
                for (int i = 0, n = random.Next(4); i < n; i++)
                {
                    if (i > 0) text.Append(',');
                    StringValue(text, random);
                    text.Append(':');
                    Value(text, random, depth + 1);
                }

                text.Append('}');
                break;
        }
    }

    private static readonly string[] Names = ["lobby", "alice", "", "a b", "a/b", new string('r', 128), new string('r', 129), "x\u00e9", "ok.name:1@x"];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "7", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "1e400", "-1e400", "1.5", "1e3", "1E-3", "0.0000001", "123456789012345678901234567890",
        "2147483648", "00", "01", "1.", ".5", "+1", "NaN", "Infinity", "-",
    ];

    private static string Number(Random random) =>
        random.Next(4) == 0 ? random.NextInt64(long.MinValue, long.MaxValue).ToString() : Numbers[random.Next(Numbers.Length)];

    private static readonly string[] Escapes = ["\\\"", "\\\\", "\\/", "\\b", "\\n", "\\u0041", "\\u00e9", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\ud83d", "\\uD800\\u0041", "\\x", "\\u12", "\u00e9", "\U0001F600", "\t"];

    private static void StringValue(StringBuilder text, Random random)
    {
        text.Append('"');
        for (int i = 0, n = random.Next(0, 12); i < n; i++)
        {
            if (random.Next(3) == 0) text.Append(Escapes[random.Next(Escapes.Length)]);
            else
            {
                var c = (char)random.Next(0x20, 0x7f);
                text.Append(c is '"' or '\\' ? 'q' : c);
            }
        }

        text.Append('"');
    }

    /// <summary>A mutation of <paramref name="text"/>'s UTF-8: truncation, byte flips, insertions, deletions, duplication.</summary>
    public static string Mutate(string text, Random random) => Encoding.UTF8.GetString(Mutate(Encoding.UTF8.GetBytes(text), random));

    private static readonly byte[] Structural = "{}[]\",:\\0-e."u8.ToArray();

    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        for (int m = 0, n = random.Next(1, 4); m < n; m++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes.RemoveRange(at, bytes.Count - at); break; // truncate
                case 1: if (bytes.Count > 0) bytes[at] ^= (byte)(1 << random.Next(8)); break; // flip a bit
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3: bytes.Insert(at, Structural[random.Next(Structural.Length)]); break; // a structural byte
                case 4: if (bytes.Count > 0) bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 8))); break;
                default:
                    var length = Math.Min(bytes.Count - at, random.Next(1, 32));
                    bytes.InsertRange(at, bytes.GetRange(at, length)); // duplicate a piece (e.g. a key)
                    break;
            }
        }

        return bytes.ToArray();
    }
}
