namespace Switchboard.Media;

/// <summary>
/// The media plane's layers, lowest first, each in its own folder and namespace, mirroring its RFC:
/// <c>Stun</c> (RFC 8489, vectors RFC 5769) → <c>Ice</c> (ICE-lite, RFC 8445 §2.5, consent RFC 7675);
/// <c>Rtp</c> (RFC 3550, header extensions RFC 8285) → <c>Rtcp</c> (RFC 3550 §6, feedback RFC 4585 / RFC 5104);
/// <c>Srtp</c> (RFC 3711, AES-GCM RFC 7714); <c>Dtls</c> (DTLS-SRTP, RFC 5764, BouncyCastle); <c>Sdp</c> (RFC 8866,
/// JSEP RFC 9429). docs/media.md describes how they fit together.
/// </summary>
internal static class MediaLayers;
