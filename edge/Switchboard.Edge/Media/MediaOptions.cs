namespace Switchboard.Edge.Media;

/// <summary>
/// The edge's WebRTC media socket: one UDP port for every peer (ICE, DTLS, SRTP and RTCP multiplexed, RFC 7983).
/// Section <c>Switchboard:Media</c>.
/// </summary>
public sealed class MediaOptions
{
    public const string Section = "Switchboard:Media";

    /// <summary>Whether this edge forwards media at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The UDP port. Default 0: a free port, told to clients in the ICE candidate, so several edges share a host
    /// without settings; set a fixed one where a firewall, a NAT or a Kubernetes Service must know it.
    /// </summary>
    public int Port { get; set; }

    /// <summary>The address the socket binds to. Default <c>0.0.0.0</c> (every IPv4 interface).</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The address clients are told to send media to (the ICE host candidate): set it to the public or node address
    /// behind NAT or in Kubernetes (the pod's address from the downward API, or a node address with a hostPort).
    /// Default: the bind address when it is a specific one, else the first non-loopback IPv4 address of an interface
    /// that is up, else 127.0.0.1.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// The port clients are told to send media to, when a NAT or a Service maps another port to this one. Default:
    /// the bound port.
    /// </summary>
    public int? AdvertisedPort { get; set; }

    /// <summary>The socket's kernel receive buffer, so bursts survive a busy moment. Default 4 MiB.</summary>
    public int ReceiveBufferBytes { get; set; } = 4 * 1024 * 1024;
}
