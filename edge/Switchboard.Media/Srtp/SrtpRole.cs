namespace Switchboard.Media.Srtp;

/// <summary>
/// Our DTLS role, which decides which half of the exported keying material protects which direction
/// (RFC 5764 §4.2). The SFU is always the DTLS server; the client role exists for tests and future SFU offers.
/// </summary>
public enum SrtpRole
{
    /// <summary>DTLS client: encrypts with the client write key/salt, decrypts with the server's.</summary>
    Client,

    /// <summary>DTLS server: decrypts with the client write key/salt, encrypts with the server's.</summary>
    Server,
}
