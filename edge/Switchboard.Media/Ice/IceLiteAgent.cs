using System.Net;
using System.Text;
using Switchboard.Media.Stun;

namespace Switchboard.Media.Ice;

/// <summary>
/// The ICE-lite responder for one peer connection (RFC 8445 §2.5): it never sends checks and is always the controlled
/// agent (§6.1.1); it answers the peer's Binding requests (§7.3), takes the tuple the peer nominates with
/// USE-CANDIDATE (§7.3.2), and watches the peer's periodic checks for consent freshness (RFC 7675).
/// </summary>
/// <remarks>
/// <para>Request processing follows RFC 8489 §6.3 in order: FINGERPRINT (§14.7), then short-term authentication
/// (§9.1.3: USERNAME and MESSAGE-INTEGRITY present, USERNAME ours, HMAC right), then comprehension-required attributes
/// (420), then ICE's own checks (PRIORITY, role). Failed authentication gets an unauthenticated 400/401; later
/// failures are answered with MESSAGE-INTEGRITY so the peer can trust them. Every outcome is counted.</para>
/// <para>Threading: <see cref="HandleBindingRequest"/> belongs to one receive loop at a time; everything else may be
/// called from any thread. The steady state (a known tuple sending valid checks) allocates nothing.</para>
/// </remarks>
public sealed class IceLiteAgent
{
    /// <summary>
    /// How long the peer may go without a valid check before consent is lost. RFC 7675 §5.1 has the sender give up
    /// after 30 s without a response; a lite agent sends no checks of its own, so it applies the same limit to the
    /// checks it receives (mediasoup's consent timeout).
    /// </summary>
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The smallest response buffer <see cref="HandleBindingRequest"/> accepts; every response it writes fits.</summary>
    public const int MaxResponseLength = 128;

    // Bounds the 420 response: enough for any real client, and keeps MaxResponseLength honest.
    private const int MaxUnknownAttributesListed = 8;

    private static readonly int OutcomeCount = Enum.GetValues<BindingOutcome>().Length;

    private readonly TimeProvider _time;
    private readonly long _createdAt;
    private readonly long[] _counts = new long[OutcomeCount];
    private readonly ValidatedTuples _tuples = new();
    private volatile RemoteIdentity? _remote;

    /// <summary>
    /// An agent answering with <paramref name="localCredentials"/>; <paramref name="remoteUfrag"/> is the peer's
    /// ice-ufrag if its description has arrived (see <see cref="RemoteUfrag"/>).
    /// </summary>
    public IceLiteAgent(IceCredentials localCredentials, TimeProvider timeProvider, string? remoteUfrag = null)
    {
        ArgumentNullException.ThrowIfNull(localCredentials);
        ArgumentNullException.ThrowIfNull(timeProvider);
        LocalCredentials = localCredentials;
        _time = timeProvider;
        _createdAt = timeProvider.GetTimestamp();
        RemoteUfrag = remoteUfrag;
    }

    /// <summary>Our ufrag and password, as advertised in our description.</summary>
    public IceCredentials LocalCredentials { get; }

    /// <summary>
    /// The peer's ice-ufrag. While null (our offer is out, its answer is not back yet, and its checks can arrive
    /// first), any USERNAME "&lt;our ufrag&gt;:&lt;something&gt;" is accepted: MESSAGE-INTEGRITY with our password is
    /// what authenticates the peer.
    /// </summary>
    public string? RemoteUfrag
    {
        get => _remote?.Ufrag;
        set
        {
            if (value is not null && !IceCredentials.IsValidUfrag(value))
            {
                throw new ArgumentException("An ICE ufrag is 4-256 ice-chars (RFC 8839 §5.4).", nameof(value));
            }

            _remote = value is null ? null : new RemoteIdentity(value, Encoding.ASCII.GetBytes(value));
        }
    }

    /// <summary>The tuple the peer nominated (RFC 8445 §7.3.2): where DTLS and SRTP go. Null until nominated.</summary>
    public IPEndPoint? SelectedEndPoint => _tuples.Selected;

    /// <summary>
    /// Validates one datagram from <paramref name="from"/> as a Binding request and writes the response, if any, into
    /// <paramref name="response"/> (at least <see cref="MaxResponseLength"/> bytes). Never throws on network input.
    /// </summary>
    public BindingResult HandleBindingRequest(ReadOnlySpan<byte> request, IPEndPoint from, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (response.Length < MaxResponseLength)
        {
            throw new ArgumentException($"The response buffer must hold {MaxResponseLength} bytes.", nameof(response));
        }

        if (!StunMessageReader.TryParse(request, out var message))
        {
            return Count(BindingResult.Dropped(BindingOutcome.DroppedMalformed));
        }

        if (message.MessageType != StunMessageType.BindingRequest)
        {
            return Count(BindingResult.Dropped(BindingOutcome.DroppedNotBindingRequest));
        }

        // RFC 8489 §14.7 / RFC 8445 §7: ICE requires FINGERPRINT. Missing: 400 (mediasoup). Wrong: drop, because
        // the datagram may belong to another protocol and must not be answered.
        if (!message.HasFingerprint)
        {
            return Reject(BindingOutcome.RejectedMissingFingerprint, StunErrorCode.BadRequest, message, response, authenticated: false);
        }

        if (!message.VerifyFingerprint())
        {
            return Count(BindingResult.Dropped(BindingOutcome.DroppedBadFingerprint));
        }

        // RFC 8489 §9.1.3: short-term credentials.
        if (!message.HasMessageIntegrity || !message.TryGetAttribute(StunAttributeType.Username, out var username))
        {
            return Reject(BindingOutcome.RejectedBadRequest, StunErrorCode.BadRequest, message, response, authenticated: false);
        }

        if (!IsOurUsername(username))
        {
            return Reject(BindingOutcome.RejectedUnknownUsername, StunErrorCode.Unauthorized, message, response, authenticated: false);
        }

        if (!message.VerifyMessageIntegrity(LocalCredentials.PasswordKey))
        {
            return Reject(BindingOutcome.RejectedBadIntegrity, StunErrorCode.Unauthorized, message, response, authenticated: false);
        }

        // RFC 8489 §6.3 and §6.3.1: after authentication, unknown comprehension-required attributes fail the request.
        Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributesListed];
        var unknownCount = CollectUnknownComprehensionRequired(message, unknown);
        if (unknownCount > 0)
        {
            return Reject(BindingOutcome.RejectedUnknownAttribute, StunErrorCode.UnknownAttribute, message, response, authenticated: true, unknown[..unknownCount]);
        }

        // RFC 8445 §7.1.1: every check carries PRIORITY.
        if (!message.TryGetAttribute(StunAttributeType.Priority, out var priority) || !PriorityAttribute.TryRead(priority, out _))
        {
            return Reject(BindingOutcome.RejectedBadRequest, StunErrorCode.BadRequest, message, response, authenticated: true);
        }

        // RFC 8445 §7.3.1.1: we are controlled; a peer that is controlled too is in conflict. A full agent would compare
        // tie-breakers and might switch to controlling, but a lite agent never controls (§2.5, §6.1.1), so it always
        // answers 487 and lets the full agent switch.
        if (message.Contains(StunAttributeType.IceControlled))
        {
            return Reject(BindingOutcome.RejectedRoleConflict, StunErrorCode.RoleConflict, message, response, authenticated: true);
        }

        // RFC 8445 §7.3.2 (lite): a valid check; with USE-CANDIDATE the pair (our socket, its source) is nominated.
        var nominated = message.Contains(StunAttributeType.UseCandidate);
        var selectionChanged = _tuples.RecordValidCheck(from, _time.GetTimestamp(), nominated);

        // RFC 8489 §6.3.1.1 and RFC 8445 §7.3: success response, XOR-MAPPED-ADDRESS = where the request came from.
        var writer = new StunMessageWriter(response, StunMessageType.BindingSuccessResponse, message.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(LocalCredentials.PasswordKey);
        writer.AddFingerprint();
        return Count(new BindingResult(BindingOutcome.Success, writer.Length, nominated, selectionChanged));
    }

    /// <summary>
    /// Whether consent is lost (RFC 7675 §5.1): no valid check on the selected tuple for <see cref="ConsentTimeout"/>,
    /// or, before any nomination, for that long since the agent was created (ICE never completed).
    /// </summary>
    public bool IsConsentExpired()
    {
        var lastCheck = _tuples.SelectedLastCheck ?? _createdAt;
        return _time.GetElapsedTime(lastCheck) >= ConsentTimeout;
    }

    /// <summary>How many datagrams ended with <paramref name="outcome"/> since the agent was created.</summary>
    public long GetCount(BindingOutcome outcome) => Interlocked.Read(ref _counts[(int)outcome]);

    private bool IsOurUsername(ReadOnlySpan<byte> username)
    {
        // RFC 8445 §7.2.2: "<receiver's ufrag>:<sender's ufrag>", and we are the receiver.
        var local = LocalCredentials.UfragBytes;
        if (username.Length <= local.Length + 1 || !username.StartsWith(local) || username[local.Length] != (byte)':')
        {
            return false;
        }

        var theirs = username[(local.Length + 1)..];
        return _remote is not { } remote || theirs.SequenceEqual(remote.Bytes);
    }

    private static int CollectUnknownComprehensionRequired(StunMessageReader message, Span<ushort> unknown)
    {
        var count = 0;
        foreach (var attribute in message)
        {
            if (StunAttributeType.IsComprehensionRequired(attribute.Type) && !IsUnderstood(attribute.Type)
                && count < unknown.Length && !unknown[..count].Contains(attribute.Type))
            {
                unknown[count++] = attribute.Type;
            }
        }

        return count;
    }

    // Comprehension-required types this responder understands; those unexpected in a request are ignored (RFC 8489
    // §6.3: "known-but-unexpected"). Comprehension-optional ones, such as Chrome's 0xC057, are never a reason to fail.
    private static bool IsUnderstood(ushort type) => type switch
    {
        StunAttributeType.MappedAddress or StunAttributeType.Username or StunAttributeType.MessageIntegrity
            or StunAttributeType.ErrorCode or StunAttributeType.UnknownAttributes or StunAttributeType.Realm
            or StunAttributeType.Nonce or StunAttributeType.MessageIntegritySha256 or StunAttributeType.XorMappedAddress
            or StunAttributeType.Priority or StunAttributeType.UseCandidate => true,
        _ => false,
    };

    private BindingResult Reject(
        BindingOutcome outcome,
        int code,
        StunMessageReader request,
        Span<byte> response,
        bool authenticated,
        ReadOnlySpan<ushort> unknownAttributes = default)
    {
        var writer = new StunMessageWriter(response, StunMessageType.BindingErrorResponse, request.TransactionId);
        writer.AddErrorCode(code, StunErrorCode.GetReasonPhrase(code));
        if (!unknownAttributes.IsEmpty)
        {
            writer.AddUnknownAttributes(unknownAttributes);
        }

        // RFC 8489 §9.1.3: a 400 or 401 for failed authentication carries no MESSAGE-INTEGRITY (there is no key the
        // peer proved it shares); other errors are protected with our password.
        if (authenticated)
        {
            writer.AddMessageIntegrity(LocalCredentials.PasswordKey);
        }

        writer.AddFingerprint();
        return Count(new BindingResult(outcome, writer.Length, false, false));
    }

    private BindingResult Count(BindingResult result)
    {
        Interlocked.Increment(ref _counts[(int)result.Outcome]);
        return result;
    }

    // The ufrag and its bytes swap together, so a concurrent reader never sees one without the other.
    private sealed record RemoteIdentity(string Ufrag, byte[] Bytes);
}
