namespace Switchboard.Media.Stun;

/// <summary>
/// ERROR-CODE (RFC 8489 §14.8): a code 300-699 split into class (hundreds) and number (0-99), then a UTF-8 reason
/// phrase of fewer than 128 characters (at most 763 bytes).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Reserved, should be 0         |Class|     Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Reason Phrase (variable)                                ..
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class ErrorCodeAttribute
{
    /// <summary>The largest reason phrase in bytes.</summary>
    public const int MaxReasonLength = 763;

    /// <summary>The value length for a reason of <paramref name="reasonLength"/> bytes.</summary>
    public static int GetValueLength(int reasonLength) => 4 + reasonLength;

    /// <summary>Writes <paramref name="code"/> (300-699) and <paramref name="reasonUtf8"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> value, int code, ReadOnlySpan<byte> reasonUtf8)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "STUN error codes are 300-699 (RFC 8489 §14.8).");
        }

        if (reasonUtf8.Length > MaxReasonLength)
        {
            throw new ArgumentException($"The reason phrase exceeds {MaxReasonLength} bytes (RFC 8489 §14.8).", nameof(reasonUtf8));
        }

        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reasonUtf8.CopyTo(value[4..]);
        return 4 + reasonUtf8.Length;
    }

    /// <summary>Reads the code and the reason bytes; false when the value is short or the code out of range.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out int code, out ReadOnlySpan<byte> reasonUtf8)
    {
        code = 0;
        reasonUtf8 = default;
        if (value.Length < 4)
        {
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = errorClass * 100 + number;
        reasonUtf8 = value[4..];
        return true;
    }
}
