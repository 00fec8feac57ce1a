using System.Buffers.Text;
using System.Text;
using CsCheck;
using Switchboard.Edge.Protocol;

namespace Switchboard.Tests.Protocol;

/// <summary>
/// Property tests of the resume-token decoder (<see cref="ResumeToken.TryDecode"/>; SSE's <c>Last-Event-ID</c> and the
/// long-poll cursor): whatever the text, it never throws, it yields a token that re-encodes to itself or a reason,
/// and its allocations are bounded by the input (docs/security.md "Fuzzing").
/// </summary>
public sealed class ResumeTokenFuzzTests
{
    static ResumeTokenFuzzTests() => Fuzz.WarmUp();

    /// <summary>The documented bound: decoding allocates at most this many bytes per input character…</summary>
    public const int AllocationPerInputChar = 8;

    /// <summary>…plus this constant.</summary>
    public const int AllocationOverhead = 16 * 1024;

    private static readonly Gen<string> Base64UrlText =
        Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ %"].Array[0, 200].Select(c => new string(c));

    [Fact]
    public void RandomText_NeverThrows_AndYieldsATokenOrAReason() =>
        Fuzz.Check(Gen.OneOf(Base64UrlText, Gen.String), AssertDecodes);

    [Fact]
    public void RandomJson_NeverThrows_AndYieldsATokenOrAReason() =>
        Fuzz.Check(Gen.Int.Select(seed => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(RandomTokenJson(new Random(seed))))), AssertDecodes);

    [Fact]
    public void MutatedValidTokens_NeverThrow_AndYieldATokenOrAReason() =>
        Fuzz.Check(
            Gen.Int.Select(seed =>
            {
                var random = new Random(seed);
                var valid = ValidToken(random).Encode();
                return random.Next(2) == 0
                    ? Fuzz.Mutate(valid, random) // mutate the base64url text
                    : Base64Url.EncodeToString(Fuzz.Mutate(Base64Url.DecodeFromChars(valid), random)); // mutate the JSON inside
            }),
            AssertDecodes);

    [Fact]
    public void ValidTokens_RoundTrip() =>
        Fuzz.Check(Gen.Int.Select(seed => ValidToken(new Random(seed))), token =>
        {
            Assert.True(ResumeToken.TryDecode(token.Encode(), out var decoded, out var error), error);
            Assert.Equal(token.Inbox, decoded.Inbox);
            Assert.Equal(token.Rooms.OrderBy(r => r.Key, StringComparer.Ordinal), decoded.Rooms.OrderBy(r => r.Key, StringComparer.Ordinal));
        });

    public static TheoryData<string, string> HostileTokens => new()
    {
        { "not base64", "!!!" },
        { "empty JSON", "" },
        { "array root", B64("[1,2]") },
        { "string root", B64("\"x\"") },
        { "inbox not an array", B64("""{"i":5}""") },
        { "inbox too short", B64("""{"i":[5]}""") },
        { "inbox empty", B64("""{"i":[]}""") },
        { "negative seq", B64("""{"i":[-1,"e"]}""") },
        { "huge seq", B64("""{"i":[123456789012345678901234567890,"e"]}""") },
        { "fractional seq", B64("""{"i":[1.5,"e"]}""") },
        { "epoch a number", B64("""{"i":[1,2]}""") },
        { "epoch null", B64("""{"i":[1,null]}""") },
        { "lone surrogate epoch", B64("""{"i":[1,"\ud800"]}""") },
        { "lone surrogate room", B64("""{"r":{"\ud800":[1,"e"]}}""") },
        { "rooms not an object", B64("""{"r":[1]}""") },
        { "invalid room name", B64("""{"r":{"a b":[1,"e"]}}""") },
        { "duplicate rooms", B64("""{"r":{"a":[1,"e"],"a":[2,"f"]}}""") },
        { "deep nesting", B64("{\"x\":" + new string('[', 5000) + new string(']', 5000) + "}") },
        { "trailing garbage", B64("""{"r":{}}x""") },
        { "truncated", B64("""{"r":{"a":[1,""") },
    };

    [Theory]
    [MemberData(nameof(HostileTokens))]
    public void HostileToken_YieldsATokenOrAReason(string what, string token)
    {
        _ = what;
        AssertDecodes(token);
    }

    /// <summary>
    /// Regression: a 64 KiB token of thousands of tiny rooms made the decoder (then a JsonDocument) allocate ~15 bytes
    /// per input character; it now reads forward-only and refuses more than <see cref="ResumeToken.MaxRooms"/> rooms.
    /// </summary>
    [Fact]
    public void TokenWithMoreThanMaxRooms_IsRefused_AndOneWithMaxRooms_Decodes()
    {
        var token = new ResumeToken();
        for (var i = 0; i < ResumeToken.MaxRooms; i++) token.Rooms["r" + i] = new LogCursor(i, "e");
        Assert.True(ResumeToken.TryDecode(token.Encode(), out var decoded, out _));
        Assert.Equal(ResumeToken.MaxRooms, decoded.Rooms.Count);

        token.Rooms["one-more"] = new LogCursor(1, "e");
        Assert.False(ResumeToken.TryDecode(token.Encode(), out decoded, out var error));
        Assert.Empty(decoded.Rooms);
        Assert.Contains("not one this server issued", error);
    }

    public static TheoryData<string> LargeInputs => new() { "many rooms", "deep nesting", "long epoch", "random text", "many escapes" };

    /// <summary>A 64 KiB token of each hostile shape stays inside the documented allocation bound.</summary>
    [Theory]
    [MemberData(nameof(LargeInputs))]
    public void LargeToken_AllocatesWithinTheDocumentedBound(string shape)
    {
        var token = Large(shape, 64 * 1024);
        AssertDecodes(token);
        var allocated = Fuzz.AllocatedBy(() => ResumeToken.TryDecode(token, out _, out _));
        Assert.True(allocated <= Bound(token.Length), $"{shape}: {allocated} bytes allocated for {token.Length} input characters (bound {Bound(token.Length)}).");
    }

    private static long Bound(int inputChars) => (long)AllocationPerInputChar * inputChars + AllocationOverhead;

    private static string Large(string shape, int size)
    {
        var json = new StringBuilder("{\"i\":[1,\"e\"],\"r\":{");
        var jsonSize = size * 3 / 4;
        switch (shape)
        {
            case "many rooms":
                for (var i = 0; json.Length < jsonSize - 32; i++) json.Append(i == 0 ? "" : ",").Append($"\"r{i}\":[{i},\"e\"]");
                break;
            case "deep nesting":
                json.Append("\"x\":").Append('[', jsonSize / 2 - 32).Append(']', jsonSize / 2 - 32);
                break;
            case "long epoch":
                json.Append("\"x\":[1,\"").Append('e', jsonSize - 64).Append("\"]");
                break;
            case "many escapes":
                json.Append("\"x\":[1,\"");
                while (json.Length < jsonSize - 16) json.Append("\\u00e9");
                json.Append("\"]");
                break;
            case "random text":
                var random = new Random(size);
                return new string([.. Enumerable.Range(0, size).Select(_ => (char)random.Next(0x21, 0x7f))]);
        }

        json.Append("}}");
        return B64(json.ToString());
    }

    private static void AssertDecodes(string text)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var decoded = ResumeToken.TryDecode(text, out var token, out var error);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= Bound(text.Length), $"{allocated} bytes allocated for {text.Length} input characters");
        Assert.NotNull(token);
        if (!decoded)
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
            return;
        }

        Assert.All(token.Rooms, room =>
        {
            Assert.True(Names.IsValid(room.Key));
            Assert.True(room.Value.Seq >= 0);
            Assert.NotNull(room.Value.Epoch);
        });
        if (token.Inbox is { } inbox) Assert.True(inbox.Seq >= 0 && inbox.Epoch is not null);

        // What the edge decoded it writes back (SSE event ids, poll cursors): that must work and decode to the same.
        Assert.True(ResumeToken.TryDecode(token.Encode(), out var again, out var againError), againError);
        Assert.Equal(token.Inbox, again.Inbox);
        Assert.Equal(token.Rooms.Count, again.Rooms.Count);
    }

    private static string B64(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private static ResumeToken ValidToken(Random random)
    {
        var token = new ResumeToken();
        if (random.Next(2) == 0) token.Inbox = new LogCursor(random.NextInt64(0, long.MaxValue), Epoch(random));
        for (int i = 0, n = random.Next(0, 6); i < n; i++) token.Rooms["room-" + random.Next(1000)] = new LogCursor(random.Next(0, 1_000_000), Epoch(random));
        return token;
    }

    private static string Epoch(Random random) => random.Next(3) == 0 ? "" : Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())).ToLowerInvariant();

    private static string RandomTokenJson(Random random)
    {
        var json = Fuzz.RandomJson(random);
        // Most of the time, shape it like a token: "i" and "r" keys with cursor-like values.
        return random.Next(3) switch
        {
            0 => json,
            1 => $$"""{"i":[{{random.Next(-2, 5)}},"e"],"r":{{json}}}""",
            _ => "{\"r\":{\"" + (random.Next(2) == 0 ? "lobby" : "a b") + "\":" + json.Replace("{", "[").Replace("}", "]") + "}}",
        };
    }
}
