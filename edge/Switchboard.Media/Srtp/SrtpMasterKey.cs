using System.Security.Cryptography;

namespace Switchboard.Media.Srtp;

/// <summary>
/// One direction's master key and master salt (RFC 3711 §3.2.1) for a protection profile. The session keys are
/// derived from it once, when an <see cref="SrtpSession"/> is created (RFC 3711 §4.3, key derivation rate 0).
/// </summary>
public sealed class SrtpMasterKey
{
    private readonly byte[] _key;
    private readonly byte[] _salt;

    /// <summary>Copies <paramref name="key"/> and <paramref name="salt"/>; their lengths must match <paramref name="profile"/>.</summary>
    public SrtpMasterKey(SrtpProtectionProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        if (!profile.IsSupported())
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
        }

        if (key.Length != profile.MasterKeyLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterKeyLength()}-octet master key, got {key.Length}.", nameof(key));
        }

        if (salt.Length != profile.MasterSaltLength())
        {
            throw new ArgumentException($"{profile} needs a {profile.MasterSaltLength()}-octet master salt, got {salt.Length}.", nameof(salt));
        }

        Profile = profile;
        _key = key.ToArray();
        _salt = salt.ToArray();
    }

    /// <summary>The protection profile the key is for.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>The master key (16 octets for the supported profiles).</summary>
    public ReadOnlySpan<byte> Key => _key;

    /// <summary>The master salt (14 octets for AES-CM, 12 for AEAD-GCM).</summary>
    public ReadOnlySpan<byte> Salt => _salt;

    /// <summary>Overwrites the key and salt with zeroes once sessions have been derived and the master key is no longer needed.</summary>
    public void Clear()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_salt);
    }
}
