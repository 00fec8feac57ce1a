using System.Text;
using System.Text.Json;
using CsCheck;
using Switchboard.Edge.Protocol;

namespace Switchboard.Tests.Protocol;

/// <summary>
/// Property tests of the frame decoder (<see cref="FrameParser"/> into <see cref="InboundFrame"/>, then the
/// <see cref="FrameChecks"/> every handler applies): whatever the bytes, it never throws, it answers with a frame or a
/// documented error code, and its allocations are bounded by the input (docs/security.md "Fuzzing").
/// </summary>
public sealed class FrameParserFuzzTests
{
    static FrameParserFuzzTests() => Fuzz.WarmUp();

    /// <summary>The documented bound: parsing allocates at most this many bytes per input byte…</summary>
    public const int AllocationPerInputByte = 4;

    /// <summary>…plus this constant (the frame object, an error message and its exception).</summary>
    public const int AllocationOverhead = 16 * 1024;

    [Fact]
    public void RandomBytes_NeverThrow_AndYieldAFrameOrADocumentedError() =>
        Fuzz.Check(Gen.Byte.Array[0, 300], AssertDecodes, Print);

    [Fact]
    public void RandomJson_NeverThrows_AndYieldsAFrameOrADocumentedError() =>
        Fuzz.Check(Gen.Int.Select(seed => Encoding.UTF8.GetBytes(Fuzz.RandomJson(new Random(seed)))), AssertDecodes, Print);

    [Fact]
    public void MutatedValidFrames_NeverThrow_AndYieldAFrameOrADocumentedError() =>
        Fuzz.Check(
            Gen.Int.Select(seed =>
            {
                var random = new Random(seed);
                return Fuzz.Mutate(Encoding.UTF8.GetBytes(Fuzz.ValidFrames[random.Next(Fuzz.ValidFrames.Length)]), random);
            }),
            AssertDecodes,
            Print);

    [Fact]
    public void ValidFrames_Parse_AndPassTheirChecks()
    {
        foreach (var text in Fuzz.ValidFrames)
        {
            Assert.True(FrameParser.TryParse(Encoding.UTF8.GetBytes(text), out var frame, out var code, out var message), $"{text}: {code} {message}");
            Assert.NotNull(frame.Type);
            if (frame.Room is not null) Assert.Null(FrameChecks.Room(frame));
            if (frame.Data is not null) Assert.Null(FrameChecks.Payload(frame));
        }
    }

    public static TheoryData<string, string> HostileFrames => new()
    {
        { "deep nesting", "{\"type\":\"publish\",\"data\":" + new string('[', 5000) + new string(']', 5000) + "}" },
        { "lone high surrogate in type", """{"type":"\ud800"}""" },
        { "lone low surrogate in a room", """{"type":"subscribe","room":"\udc00x"}""" },
        { "lone surrogate in an id", """{"type":"ping","id":"\ud800"}""" },
        { "lone surrogate in data", """{"type":"publish","room":"r","data":"\ud800"}""" },
        { "huge cursor", """{"type":"subscribe","room":"r","cursor":123456789012345678901234567890}""" },
        { "huge exponent", """{"type":"history","room":"r","limit":1e400}""" },
        { "fractional seq", """{"type":"processed","room":"r","seq":1.5}""" },
        { "duplicate keys", """{"type":"ping","type":"publish","room":"a","room":"b","data":1,"data":2}""" },
        { "type is a number", """{"type":7}""" },
        { "inbox is a string", """{"type":"processed","inbox":"yes"}""" },
        { "id is an object", """{"type":"ping","id":{"a":1}}""" },
        { "id too long", $$"""{"type":"ping","id":"{{new string('i', 200)}}"}""" },
        { "truncated", """{"type":"publish","room":"r","data":{"a":""" },
        { "invalid UTF-8", "{\"type\":\"p\u00ffing\"}" },
        { "BOM", "\uFEFF{\"type\":\"ping\"}" },
        { "comment", """{"type":"ping" /* hi */}""" },
        { "trailing comma", """{"type":"ping",}""" },
        { "empty", "" },
        { "nul bytes", "\0\0\0" },
    };

    [Theory]
    [MemberData(nameof(HostileFrames))]
    public void HostileFrame_YieldsAFrameOrADocumentedError(string what, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (what == "invalid UTF-8") bytes = [.. bytes.Select(b => b == 0xC3 ? (byte)0xFF : b)];
        AssertDecodes(bytes);
    }

    public static TheoryData<string> LargeInputs => new()
    {
        "one big string", "many small fields", "many duplicate types", "many escapes", "deep nesting", "random bytes", "big numbers", "many ids",
    };

    /// <summary>A 64 KiB frame (the default MaxFrameBytes) of each hostile shape stays inside the documented allocation bound.</summary>
    [Theory]
    [MemberData(nameof(LargeInputs))]
    public void LargeInput_AllocatesWithinTheDocumentedBound(string shape)
    {
        var input = Large(shape, 64 * 1024);
        AssertDecodes(input);
        var allocated = Fuzz.AllocatedBy(() => FrameParser.TryParse(input, out _, out _, out _));
        Assert.True(allocated <= Bound(input.Length), $"{shape}: {allocated} bytes allocated for {input.Length} input bytes (bound {Bound(input.Length)}).");
    }

    private static long Bound(int inputBytes) => (long)AllocationPerInputByte * inputBytes + AllocationOverhead;

    internal static byte[] Large(string shape, int size)
    {
        var text = new StringBuilder("{\"type\":\"publish\",\"room\":\"r\"");
        var random = new Random(size);
        switch (shape)
        {
            case "one big string":
                text.Append(",\"data\":\"").Append('x', size - 64).Append('"');
                break;
            case "many small fields":
                while (text.Length < size - 32) text.Append(",\"x\":1");
                break;
            case "many duplicate types":
                while (text.Length < size - 32) text.Append(",\"type\":\"publish\"");
                break;
            case "many escapes":
                text.Append(",\"user\":\"");
                while (text.Length < size - 32) text.Append("\\u00e9");
                text.Append('"');
                break;
            case "deep nesting":
                text.Append(",\"data\":").Append('[', size / 2 - 32).Append(']', size / 2 - 32);
                break;
            case "random bytes":
                var bytes = new byte[size];
                random.NextBytes(bytes);
                return bytes;
            case "big numbers":
                while (text.Length < size - 64) text.Append(",\"cursor\":").Append('9', 40);
                break;
            case "many ids":
                while (text.Length < size - 200) text.Append(",\"id\":\"").Append('i', 120).Append('"');
                break;
        }

        text.Append('}');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The property: no exception; a parse failure has a documented code and a message; a parsed frame gets a documented answer from every check, and its reply (which echoes the raw id) is valid JSON.</summary>
    private static void AssertDecodes(byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = FrameParser.TryParse(input, out var frame, out var code, out var message);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= Bound(input.Length), $"{allocated} bytes allocated for {input.Length} input bytes");
        Assert.NotNull(frame);
        if (!parsed)
        {
            Assert.Contains(code, new[] { ErrorCodes.BadFrame, ErrorCodes.InvalidField });
            Assert.False(string.IsNullOrWhiteSpace(message));
            AssertErrorReply(Reply.Error(frame.Id, code, message));
            return;
        }

        Assert.True(frame.Id is null or { Length: <= 128 });
        if (frame.Data is not null)
        {
            using var data = JsonDocument.Parse(frame.Data); // the payload is forwarded raw: it must be one JSON value
        }

        foreach (var reply in new[]
                 {
                     FrameChecks.Room(frame), FrameChecks.User(frame, frame.User, "user"), FrameChecks.User(frame, frame.To, "to"), FrameChecks.Payload(frame),
                 })
        {
            if (reply is { } r) AssertErrorReply(r);
        }

        AssertErrorReply(Reply.Error(frame.Id, ErrorCodes.UnknownType, $"Frame type '{FrameChecks.Truncate(frame.Type ?? "")}' is unknown."));
    }

    private static void AssertErrorReply(Reply reply)
    {
        Assert.Contains(reply.ErrorCode!, Fuzz.DocumentedErrorCodes);
        using var json = JsonDocument.Parse(reply.Frame);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(reply.ErrorCode, json.RootElement.GetProperty("code").GetString());
    }

    private static string Print(byte[] input) => Convert.ToBase64String(input) + " / " + Encoding.UTF8.GetString(input);
}
