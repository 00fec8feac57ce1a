using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Switchboard.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP defines it (RFC 3711 §4.1.1): the keystream is
/// <c>E(k, IV) || E(k, IV + 1) || E(k, IV + 2) || ...</c> and is XORed onto the data. Every SRTP IV has its low
/// 16 bits zero (salt, SSRC and index are all shifted left by 16), so the block counter lives in those 16 bits
/// and a segment may be at most 2^16 blocks (1 MiB), far above any UDP payload.
/// Used for packet encryption and as the key derivation PRF (RFC 3711 §4.3.3).
/// </summary>
/// <remarks>
/// Keystream blocks are made by one cached ECB transform over a batch of counter blocks: the ECB
/// <see cref="ICryptoTransform"/> allocates nothing per call and runs about 3x faster than the one-shot
/// <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, PaddingMode)"/> (which builds a native context each call).
/// Not thread-safe: one instance per session direction, like the session itself.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    internal const int BlockSize = 16;

    /// <summary>Maximum segment length: 2^16 blocks of 16 octets.</summary>
    internal const int MaxLength = (1 << 16) * BlockSize;

    // 96 blocks = 1,536 octets: one ECB call covers a whole MTU-sized packet.
    private const int BatchBlocks = 96;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[BatchBlocks * BlockSize];
    private readonly byte[] _keyStream = new byte[BatchBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        byte[] keyCopy = key.ToArray();
        try
        {
            _aes.Key = keyCopy;
            _ecb = _aes.CreateEncryptor();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    /// <summary>
    /// XORs <paramref name="data"/> with the keystream that starts at <paramref name="iv"/> (16 octets, low 16 bits zero).
    /// Encryption and decryption are the same operation.
    /// </summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize || iv[14] != 0 || iv[15] != 0)
        {
            throw new ArgumentException("An SRTP counter-mode IV is 16 octets with its low 16 bits zero (RFC 3711 §4.1.1).", nameof(iv));
        }

        if (data.Length > MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "An SRTP counter-mode segment is at most 2^16 blocks.");
        }

        // The 14 high octets of every counter block are the IV's; write them once, then only the counter changes.
        int usedBlocks = Math.Min(BatchBlocks, (data.Length + BlockSize - 1) / BlockSize);
        for (int block = 0; block < usedBlocks; block++)
        {
            iv.Slice(0, 14).CopyTo(_counterBlocks.AsSpan(block * BlockSize, 14));
        }

        int counter = 0;
        int offset = 0;
        while (offset < data.Length)
        {
            int chunk = Math.Min(data.Length - offset, _keyStream.Length);
            int blocks = (chunk + BlockSize - 1) / BlockSize;
            for (int block = 0; block < blocks; block++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(_counterBlocks.AsSpan(block * BlockSize + 14, 2), (ushort)counter++);
            }

            _ecb.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keyStream, 0);
            Xor(data.Slice(offset, chunk), _keyStream.AsSpan(0, chunk));
            offset += chunk;
        }
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keyStream)
    {
        int i = 0;
        int width = Vector<byte>.Count;
        for (; i <= data.Length - width; i += width)
        {
            (new Vector<byte>(data.Slice(i)) ^ new Vector<byte>(keyStream.Slice(i))).CopyTo(data.Slice(i));
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= keyStream[i];
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_keyStream);
        _ecb.Dispose();
        _aes.Dispose();
    }
}
