namespace Switchboard.Media.Srtp;

/// <summary>
/// The receiver's sliding replay window (RFC 3711 §3.3.2) over packet indices (48-bit SRTP index or 31-bit SRTCP
/// index): a bitmap of which of the last <c>Size</c> indices up to the highest authenticated one were received.
/// <see cref="Check"/> runs before authentication to drop replays cheaply; <see cref="Accept"/> runs only after the
/// tag verified, so forged packets never move the window.
/// </summary>
internal sealed class SrtpReplayWindow
{
    private readonly ulong[] _bits;
    private readonly ulong _size;
    private ulong _highest;
    private bool _started;

    public SrtpReplayWindow(int size)
    {
        int words = (size + 63) / 64;
        _bits = new ulong[words];
        _size = (ulong)words * 64;
    }

    /// <summary>Window size in packets (a multiple of 64).</summary>
    public int Size => (int)_size;

    /// <summary>Ok for an index ahead of the window or unseen inside it; Replayed or TooOld otherwise.</summary>
    public SrtpResult Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpResult.Ok;
        }

        if (_highest - index >= _size)
        {
            return SrtpResult.TooOld;
        }

        return IsSet(index) ? SrtpResult.Replayed : SrtpResult.Ok;
    }

    /// <summary>Marks an authenticated index received, sliding the window forward if it is the new highest.</summary>
    public void Accept(ulong index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
        }
        else if (index > _highest)
        {
            // The bitmap is a ring indexed by (index mod size): slots between the old and new highest belong to
            // indices that have not arrived yet, so they are cleared.
            ulong advance = index - _highest;
            if (advance >= _size)
            {
                Array.Clear(_bits);
            }
            else
            {
                for (ulong i = _highest + 1; i <= index; i++)
                {
                    Clear(i);
                }
            }

            _highest = index;
        }

        Set(index);
    }

    private bool IsSet(ulong index)
    {
        ulong slot = index % _size;
        return (_bits[slot >> 6] & (1UL << (int)(slot & 63))) != 0;
    }

    private void Set(ulong index)
    {
        ulong slot = index % _size;
        _bits[slot >> 6] |= 1UL << (int)(slot & 63);
    }

    private void Clear(ulong index)
    {
        ulong slot = index % _size;
        _bits[slot >> 6] &= ~(1UL << (int)(slot & 63));
    }
}
