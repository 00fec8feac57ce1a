using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Media.Srtp;

/// <summary>
/// The DTLS-SRTP exporter output split into the two directions' master keys (RFC 5764 §4.2). The exporter
/// ("EXTRACTOR-dtls_srtp", no context) yields <c>2 * (key + salt)</c> octets laid out as
/// <code>
/// client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt
/// </code>
/// The client protects what it sends with the client key and salt, the server with the server's; each side
/// unprotects with the other's.
/// </summary>
public sealed class SrtpKeyingMaterial
{
    private SrtpKeyingMaterial(SrtpMasterKey client, SrtpMasterKey server)
    {
        Client = client;
        Server = server;
    }

    /// <summary>The client write master key and salt: what the DTLS client sends with.</summary>
    public SrtpMasterKey Client { get; }

    /// <summary>The server write master key and salt: what the DTLS server sends with.</summary>
    public SrtpMasterKey Server { get; }

    /// <summary>
    /// Splits exported keying material; false if the profile is unsupported or the length is not
    /// <see cref="SrtpProtectionProfileExtensions.KeyingMaterialLength"/>.
    /// </summary>
    public static bool TrySplit(
        SrtpProtectionProfile profile,
        ReadOnlySpan<byte> exported,
        [NotNullWhen(true)] out SrtpKeyingMaterial? material)
    {
        material = null;
        if (!profile.IsSupported() || exported.Length != profile.KeyingMaterialLength())
        {
            return false;
        }

        int keyLength = profile.MasterKeyLength();
        int saltLength = profile.MasterSaltLength();
        ReadOnlySpan<byte> clientKey = exported.Slice(0, keyLength);
        ReadOnlySpan<byte> serverKey = exported.Slice(keyLength, keyLength);
        ReadOnlySpan<byte> clientSalt = exported.Slice(2 * keyLength, saltLength);
        ReadOnlySpan<byte> serverSalt = exported.Slice(2 * keyLength + saltLength, saltLength);

        material = new SrtpKeyingMaterial(
            new SrtpMasterKey(profile, clientKey, clientSalt),
            new SrtpMasterKey(profile, serverKey, serverSalt));
        return true;
    }

    /// <summary>
    /// Builds both directions for <paramref name="role"/>: as <see cref="SrtpRole.Server"/> (the SFU) the inbound
    /// session decrypts with the client key/salt and the outbound session encrypts with the server key/salt;
    /// as <see cref="SrtpRole.Client"/> the reverse.
    /// </summary>
    public SrtpSessionPair CreateSessions(SrtpRole role, SrtpSessionOptions? options = null)
    {
        SrtpMasterKey inbound = role == SrtpRole.Server ? Client : Server;
        SrtpMasterKey outbound = role == SrtpRole.Server ? Server : Client;
        SrtpSession inboundSession = new(inbound, options);
        try
        {
            return new SrtpSessionPair(inboundSession, new SrtpSession(outbound, options));
        }
        catch
        {
            inboundSession.Dispose();
            throw;
        }
    }

    /// <summary>Zeroes both master keys; call once the sessions are built.</summary>
    public void Clear()
    {
        Client.Clear();
        Server.Clear();
    }
}
