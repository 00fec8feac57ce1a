using System.Buffers.Binary;
using System.Text;

namespace Switchboard.Grains.Logs.Redis;

/// <summary>
/// How one log entry is stored as a Redis string (one element of the log's list). Little-endian, version 1:
/// <code>
/// offset  size  field
///      0     1  format version (1)
///      1     1  kind (EntryKind)
///      2     8  seq (int64)
///     10     8  timestamp, Unix ms (int64)      ← read by the Lua scripts to trim by age
///     18     2  header length H (uint16)        ← the scripts cut here to return metadata without the payload
///     20     2  id length, then the id (UTF-8)
///      …     2  sender length, then the sender (UTF-8)
///      …     2  client message id length (0xFFFF = none), then the id (UTF-8)
///      H     …  data: the payload bytes as published (UTF-8 JSON), to the end of the string
/// </code>
/// The log's address is not stored: it is the key. A typical chat entry costs its payload plus about 60 bytes.
/// </summary>
internal static class RedisLogEntryCodec
{
    public const byte Version = 1;

    /// <summary>1-based offsets as the Lua scripts use them (<c>struct.unpack</c>).</summary>
    public const int LuaTimestampOffset = 11;

    public const int LuaHeaderLengthOffset = 19;

    private const int FixedHeader = 20;
    private const ushort NoValue = 0xFFFF;

    public static byte[] Encode(LogEntry entry)
    {
        var id = Encoding.UTF8.GetBytes(entry.Id);
        var sender = Encoding.UTF8.GetBytes(entry.Sender);
        var cid = entry.ClientMessageId is null ? null : Encoding.UTF8.GetBytes(entry.ClientMessageId);
        Check(id, "id");
        Check(sender, "sender");
        if (cid is not null) Check(cid, "client message id");

        var header = FixedHeader + 2 + id.Length + 2 + sender.Length + 2 + (cid?.Length ?? 0);
        if (header > ushort.MaxValue) throw new ArgumentException("Log entry header too long.", nameof(entry));
        var buffer = new byte[header + entry.Data.Length];
        var span = buffer.AsSpan();
        span[0] = Version;
        span[1] = (byte)entry.Kind;
        BinaryPrimitives.WriteInt64LittleEndian(span[2..], entry.Seq);
        BinaryPrimitives.WriteInt64LittleEndian(span[10..], entry.TimestampMs);
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], (ushort)header);
        var at = FixedHeader;
        at = Write(span, at, id);
        at = Write(span, at, sender);
        if (cid is null)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], NoValue);
            at += 2;
        }
        else
        {
            at = Write(span, at, cid);
        }

        entry.Data.CopyTo(span[at..]);
        return buffer;
    }

    /// <summary>Decodes a stored entry, or only its header (then <see cref="LogEntry.Data"/> is empty).</summary>
    public static LogEntry Decode(LogAddress log, ReadOnlySpan<byte> value)
    {
        if (value.Length < FixedHeader || value[0] != Version)
        {
            throw new InvalidDataException($"Log {log}: stored entry has an unknown format (version {(value.Length > 0 ? value[0] : -1)}, {value.Length} bytes).");
        }

        var kind = (EntryKind)value[1];
        var seq = BinaryPrimitives.ReadInt64LittleEndian(value[2..]);
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(value[10..]);
        var header = BinaryPrimitives.ReadUInt16LittleEndian(value[18..]);
        if (header > value.Length) throw new InvalidDataException($"Log {log}: stored entry {seq} is truncated.");
        var at = FixedHeader;
        var id = ReadString(value, ref at) ?? throw new InvalidDataException($"Log {log}: stored entry {seq} has no id.");
        var sender = ReadString(value, ref at) ?? throw new InvalidDataException($"Log {log}: stored entry {seq} has no sender.");
        var cid = ReadString(value, ref at);
        var data = value[header..].ToArray();
        return new LogEntry(log, seq, id, kind, sender, cid, timestamp, data);
    }

    private static void Check(byte[] bytes, string what)
    {
        if (bytes.Length >= NoValue) throw new ArgumentException($"Log entry {what} is too long ({bytes.Length} bytes).");
    }

    private static int Write(Span<byte> span, int at, byte[] bytes)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)bytes.Length);
        bytes.CopyTo(span[(at + 2)..]);
        return at + 2 + bytes.Length;
    }

    private static string? ReadString(ReadOnlySpan<byte> value, ref int at)
    {
        var length = BinaryPrimitives.ReadUInt16LittleEndian(value[at..]);
        at += 2;
        if (length == NoValue) return null;
        var text = Encoding.UTF8.GetString(value.Slice(at, length));
        at += length;
        return text;
    }
}
