namespace Switchboard.Media.Rtcp;

/// <summary>
/// The RTCP packets of one datagram. RFC 3550 §6.1 stacks packets into a compound packet with no separator, each
/// framed by its own length; RFC 5506 §3 (reduced-size, <c>a=rtcp-rsize</c>, which Chrome uses) allows a single
/// packet of any type, so nothing here insists on an SR/RR first. Enumeration yields whole packets and stops at the
/// first malformed one; <see cref="IsWellFormed"/> checks the datagram as a whole.
/// </summary>
public readonly ref struct RtcpCompound
{
    private readonly ReadOnlySpan<byte> _datagram;

    /// <summary>Wraps a decrypted RTCP datagram.</summary>
    public RtcpCompound(ReadOnlySpan<byte> datagram) => _datagram = datagram;

    /// <summary>
    /// True when the datagram is one or more valid packets that fill it exactly, only the last one padded
    /// (RFC 3550 Appendix A.2, minus the SR/RR-first rule that RFC 5506 §3 lifts).
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        var offset = 0;
        while (offset < datagram.Length)
        {
            if (!RtcpPacket.TryParse(datagram[offset..], out var packet))
            {
                return false;
            }

            offset += packet.Data.Length;
            if (packet.Header.Padding && offset != datagram.Length)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Enumerates the packets in order.</summary>
    public Enumerator GetEnumerator() => new(_datagram);

    /// <summary>Walks the packets of one datagram.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _datagram;
        private int _offset;
        private RtcpPacket _current;

        internal Enumerator(ReadOnlySpan<byte> datagram)
        {
            _datagram = datagram;
            _offset = 0;
            _current = default;
        }

        /// <summary>The packet at the current position.</summary>
        public readonly RtcpPacket Current => _current;

        /// <summary>Advances; false at the end or at a packet that does not frame.</summary>
        public bool MoveNext()
        {
            if (_offset >= _datagram.Length || !RtcpPacket.TryParse(_datagram[_offset..], out _current))
            {
                _offset = _datagram.Length;
                return false;
            }

            _offset += _current.Data.Length;
            return true;
        }
    }
}
