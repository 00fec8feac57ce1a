using Switchboard.Media.Sdp;

namespace Switchboard.Media.Tests.Sdp;

/// <summary>
/// Property-style: thousands of truncated and mutated versions of the golden SDP (seeded, so a failure reproduces)
/// never make the parser throw; each is either rejected with an error or parsed into a description whose
/// serialization is a fixed point of parse → write, and which the answer builder answers or refuses without throwing
/// (its answer parsing again). "Malformed SDP rejected and counted" (issue #7) relies on this.
/// </summary>
public sealed class SdpMalformedInputTests
{
    private const int MutationsPerFile = 1500;

    private static readonly PublisherAnswerBuilder Answerer = new(GoldenParameters.Transport, SfuMediaCapabilities.Default with { AcceptH264 = true });

    public static TheoryData<string> GoldenFiles => new(Golden.All);

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void EveryTruncation_ParsesOrFails_WithoutThrowing(string name)
    {
        var text = Golden.Text(name);
        var rejected = 0;

        for (var length = 0; length <= text.Length; length++)
        {
            if (!Check(text[..length])) rejected++;
        }

        Assert.True(rejected > 0);
    }

    [Theory]
    [MemberData(nameof(GoldenFiles))]
    public void RandomMutations_ParseOrFail_WithoutThrowing(string name)
    {
        var text = Golden.Text(name);
        var random = new Random(HashSeed(name));
        var rejected = 0;

        for (var i = 0; i < MutationsPerFile; i++)
        {
            var mutated = Mutate(text, random);
            if (!Check(mutated)) rejected++;
        }

        // Most mutations of valid SDP must still be caught, or the parser is not checking anything.
        Assert.InRange(rejected, MutationsPerFile / 4, MutationsPerFile);
    }

    [Fact]
    public void NulAndNonAsciiBytes_DoNotThrow()
    {
        var text = Golden.Text(Golden.PublisherOffer);
        foreach (var c in new[] { '\0', '\u00ff', '\uffff', '\ud800', '\u200b', '\t', '\f' })
        {
            for (var at = 0; at < text.Length; at += 97)
            {
                Check(text.Insert(at, c.ToString()));
            }
        }
    }

    /// <summary>Parses; on success, re-parses the output and requires the same text (write is a fixed point). Returns success.</summary>
    private static bool Check(string input)
    {
        var first = SdpParser.Parse(input);
        if (!first.Success)
        {
            Assert.NotNull(first.Error);
            Assert.False(string.IsNullOrEmpty(first.Error.Reason));
            return false;
        }

        var written = SdpWriter.Write(first.Description);
        var second = SdpParser.Parse(written);
        Assert.True(second.Success, $"re-parse failed: {second.Error}");
        Assert.Equal(written, SdpWriter.Write(second.Description));
        _ = first.Description.Media.Select(m => (m.Codecs, m.Candidates, m.Simulcast, m.Direction, m.Fingerprint, m.Setup)).ToList();

        // Whatever parses is safe to answer: the builder refuses with a reason or answers, it never throws.
        if (Answerer.TryBuild(first.Description, 1, out var answer, out _))
        {
            Assert.True(SdpParser.Parse(answer.ToString()).Success);
        }

        return true;
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split("\r\n").ToList();
        switch (random.Next(8))
        {
            case 0: // delete a line
                lines.RemoveAt(random.Next(lines.Count));
                break;
            case 1: // duplicate a line
                var d = random.Next(lines.Count);
                lines.Insert(d, lines[d]);
                break;
            case 2: // swap two lines
                var (a, b) = (random.Next(lines.Count), random.Next(lines.Count));
                (lines[a], lines[b]) = (lines[b], lines[a]);
                break;
            case 3: // replace one character with a random printable or control character
                return Replace(text, random, (char)random.Next(0, 128));
            case 4: // replace a digit with a letter or a huge number
                return Replace(text, random, random.Next(2) == 0 ? 'x' : '9');
            case 5: // cut a line in half
                var c = random.Next(lines.Count);
                lines[c] = lines[c][..(lines[c].Length / 2)];
                break;
            case 6: // drop a space-separated field
                var f = random.Next(lines.Count);
                var fields = lines[f].Split(' ').ToList();
                if (fields.Count > 1) fields.RemoveAt(random.Next(fields.Count));
                lines[f] = string.Join(' ', fields);
                break;
            default: // append a field
                var g = random.Next(lines.Count);
                lines[g] += random.Next(2) == 0 ? " " : " 18446744073709551616";
                break;
        }

        return string.Join("\r\n", lines);
    }

    private static string Replace(string text, Random random, char with)
    {
        var chars = text.ToCharArray();
        chars[random.Next(chars.Length)] = with;
        return new string(chars);
    }

    private static int HashSeed(string name) => name.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
