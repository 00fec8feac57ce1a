using System.Text;
using Switchboard.Grains.Logs;

namespace Switchboard.Tests.Grains;

internal static class TestData
{
    /// <summary>A log name no other test uses, so tests sharing a cluster never see each other's entries.</summary>
    public static string UniqueName(string test) => $"{test}-{Guid.NewGuid():N}";

    /// <summary>A small UTF-8 JSON payload.</summary>
    public static byte[] Json(string text) => Encoding.UTF8.GetBytes($"{{\"text\":\"{text}\"}}");

    public static long[] Seqs(long first, long last) => first > last ? [] : Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i).ToArray();

    public static void AssertEntry(LogEntry entry, long seq, EntryKind kind, string sender)
    {
        Assert.Equal(seq, entry.Seq);
        Assert.Equal(kind, entry.Kind);
        Assert.Equal(sender, entry.Sender);
    }
}
