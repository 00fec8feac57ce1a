using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using SrtpProtectionProfile = Switchboard.Media.Srtp.SrtpProtectionProfile;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Switchboard.Media.Demux;
using Switchboard.Media.Dtls;
using Switchboard.Media.Sdp;
using Switchboard.Media.Srtp;
using Switchboard.Media.Stun;
using Switchboard.Media.Tests.Dtls;

namespace Switchboard.Benchmarks.Media.Janus;

/// <summary>
/// A synthetic WebRTC endpoint, one UDP socket, speaking to a full ICE agent (Janus's libnice) the way a browser
/// does: a full ICE agent itself (Binding requests with USERNAME, PRIORITY, ICE-CONTROLLING or -CONTROLLED,
/// MESSAGE-INTEGRITY and FINGERPRINT; USE-CANDIDATE when controlling; success responses to the remote checks), then
/// the DTLS client (<c>a=setup:active</c>) negotiating use_srtp, then SRTP with the exported keys. A subscriber's
/// RTP goes to its <see cref="SubscriberTally"/>; RTCP and anything else from Janus is read and dropped.
/// </summary>
internal sealed class WebRtcPeer : IDisposable
{
    private readonly Socket _socket;
    private readonly DtlsCertificate _certificate;
    private readonly bool _controlling;
    private readonly ulong _tieBreaker = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    private readonly Thread _receiver;
    private readonly TextWriter _log;
    private readonly TaskCompletionSource _checkSucceeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _nominatedByRemote = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RemoteTransport? _remote;
    private UdpDtlsTransport? _dtls;
    private SrtpSessionPair? _srtp;
    private volatile bool _disposed;

    public WebRtcPeer(string name, IPAddress address, DtlsCertificate certificate, bool controlling, TextWriter log, SubscriberTally? tally = null)
    {
        Name = name;
        _certificate = certificate;
        _controlling = controlling;
        _log = log;
        Tally = tally;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024, SendBufferSize = 4 * 1024 * 1024 };
        _socket.Bind(new IPEndPoint(address, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        LocalIce = new IceCredentials(RandomIceString(8), RandomIceString(24));
        // Answer checks from the moment the SDP can reach Janus: libnice starts checking as soon as it has it.
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "peer " + name };
        _receiver.Start();
    }

    public string Name { get; }

    public IPEndPoint LocalEndPoint { get; }

    public IceCredentials LocalIce { get; }

    public DtlsFingerprint Fingerprint => _certificate.Fingerprint;

    public SubscriberTally? Tally { get; }

    public Socket Socket => _socket;

    public RemoteTransport Remote => _remote ?? throw new InvalidOperationException("not connected");

    /// <summary>The SRTP sessions from the DTLS handshake (we are the DTLS client, hence <see cref="SrtpRole.Client"/>).</summary>
    public SrtpSessionPair Srtp => _srtp ?? throw new InvalidOperationException("not connected");

    public SrtpProtectionProfile? Profile { get; private set; }

    /// <summary>ICE with <paramref name="remote"/>, then DTLS offering <paramref name="profiles"/>, then SRTP.</summary>
    public async Task ConnectAsync(RemoteTransport remote, IReadOnlyList<SrtpProtectionProfile> profiles, CancellationToken cancellationToken)
    {
        _remote = remote;
        var remoteAddress = remote.Candidate.Serialize();
        _dtls = new UdpDtlsTransport(_socket, remoteAddress);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var request = new byte[256];
        while (!_checkSucceeded.Task.IsCompleted || (!_controlling && !_nominatedByRemote.Task.IsCompleted))
        {
            _socket.SendTo(request.AsSpan(0, BuildCheck(request)), SocketFlags.None, remoteAddress);
            try
            {
                await Task.WhenAll(_checkSucceeded.Task, _controlling ? Task.CompletedTask : _nominatedByRemote.Task).WaitAsync(TimeSpan.FromMilliseconds(50), timeout.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{Name}: ICE with {remote.Candidate} did not complete (check answered: {_checkSucceeded.Task.IsCompleted}, nominated by Janus: {_nominatedByRemote.Task.IsCompleted}).");
            }
        }

        var client = new TestDtlsSrtpClient(new BcTlsCrypto(new SecureRandom()), _certificate, remote.Fingerprint,
            profiles.Select(p => (int)p).ToArray(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, _dtls), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var profile = (SrtpProtectionProfile)client.SelectedProfileId!.Value;
        if (!SrtpKeyingMaterial.TrySplit(profile, client.KeyingMaterial, out var keys)) throw new InvalidOperationException($"{Name}: unusable keying material for {profile}");
        Profile = profile;
        _srtp = keys.CreateSessions(SrtpRole.Client);
        keys.Clear();
    }

    private int BuildCheck(Span<byte> buffer)
    {
        var remote = Remote;
        Span<byte> transaction = stackalloc byte[StunHeader.TransactionIdLength];
        RandomNumberGenerator.Fill(transaction);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transaction);
        writer.AddUsername(Encoding.UTF8.GetBytes($"{remote.Ice.Ufrag}:{LocalIce.Ufrag}"));
        // RFC 8445 §7.1.1: the priority a peer-reflexive candidate learned from this check would get.
        writer.AddPriority((110u << 24) + (65535u << 8) + 255u);
        if (_controlling)
        {
            writer.AddIceControlling(_tieBreaker);
            writer.AddUseCandidate(); // aggressive nomination: the first pair that works is the one.
        }
        else
        {
            writer.AddIceControlled(_tieBreaker);
        }

        writer.AddMessageIntegrity(Encoding.ASCII.GetBytes(remote.Ice.Password));
        writer.AddFingerprint();
        return writer.Length;
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        var response = new byte[256];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        var localKey = Encoding.ASCII.GetBytes(LocalIce.Password);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (_disposed)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                continue; // an ICMP error for an earlier send; UDP carries on
            }

            var datagram = buffer.AsSpan(0, length);
            switch (PacketClassifier.Classify(datagram))
            {
                case PacketKind.Rtp when Tally is not null && _srtp is not null:
                    Tally.Count(datagram, _srtp.Inbound);
                    break;
                case PacketKind.Dtls:
                    _dtls?.Deliver(datagram);
                    break;
                case PacketKind.Stun:
                    OnStun(datagram, from, localKey, response);
                    break;
            }
        }
    }

    private void OnStun(ReadOnlySpan<byte> datagram, SocketAddress from, byte[] localKey, byte[] response)
    {
        if (!StunMessageReader.TryParse(datagram, out var message)) return;
        if (message.MessageType == StunMessageType.BindingRequest)
        {
            if (!message.VerifyMessageIntegrity(localKey)) return;
            var source = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
            var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, message.TransactionId);
            writer.AddXorMappedAddress(source);
            writer.AddMessageIntegrity(localKey);
            writer.AddFingerprint();
            _socket.SendTo(writer.Written, SocketFlags.None, from);
            if (message.Contains(StunAttributeType.UseCandidate)) _nominatedByRemote.TrySetResult();
        }
        else if (message.MessageType == StunMessageType.BindingSuccessResponse && _remote is { } remote)
        {
            if (message.VerifyMessageIntegrity(Encoding.ASCII.GetBytes(remote.Ice.Password))) _checkSucceeded.TrySetResult();
        }
        else if (message.MessageType == StunMessageType.BindingErrorResponse)
        {
            _log.WriteLine($"{Name}: Binding error response from Janus ({datagram.Length} bytes)");
        }
    }

    private static string RandomIceString(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return RandomNumberGenerator.GetString(alphabet, length);
    }

    public void Dispose()
    {
        _disposed = true;
        _dtls?.Close();
        _socket.Dispose();
        _receiver.Join(TimeSpan.FromSeconds(2));
        _srtp?.Dispose();
    }
}
