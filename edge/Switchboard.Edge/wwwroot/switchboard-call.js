// Switchboard group calls in the browser (docs/protocol.md §15, docs/clients.md "Calls (JS)").
// Signaling rides an existing, connected SwitchboardClient over its WebSocket; media goes to the call's media edge
// (an SFU) over two RTCPeerConnections per call:
//  - the publisher PC sends this page's tracks: we offer (sendonly), the edge answers (call.publish);
//  - the subscriber PC receives everyone else's: the edge offers whenever that set changes (call.subscribe_offer),
//    we answer (call.subscribe_answer).
// Two PCs rather than one keep each side's negotiation one-directional: the edge never has to answer our offer while
// we answer its one, so there is no glare to resolve.

import { SwitchboardError } from './switchboard.js';

// One transport per PC (max-bundle) and RTCP on the RTP port (rtcp-mux): the edge listens on a single UDP port.
const PC_CONFIG = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };

// There is no trickle ICE in the protocol: an SDP is sent once. Host candidates are gathered in a few ms, so we wait
// that long (at most) to put them in the SDP. The edge is ICE-lite and learns our address from our connectivity checks,
// so an SDP without candidates still works; this only saves an edge that wants them a round of guessing.
const GATHER_WAIT_MS = 300;

function gathered(pc, maxMs = GATHER_WAIT_MS) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise(resolve => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => { if (pc.iceGatheringState === 'complete') done(); };
    const timer = setTimeout(done, maxMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class SwitchboardCall {
  /**
   * @param {import('./switchboard.js').SwitchboardClient} client a connected client (WebSocket transport: the call
   *   pushes, such as call.subscribe_offer, are sent on the connection that joined)
   * @param {string} callId the call's name; its events come through the room `call:<callId>`
   * @param {{stream?: MediaStream, rtcConfig?: RTCConfiguration}} [options] `stream`: the local tracks to publish at
   *   join (e.g. from getUserMedia); none to only watch. `rtcConfig` is merged into both PCs' configuration.
   */
  constructor(client, callId, options = {}) {
    this.client = client;
    this.call = callId;
    this.room = `call:${callId}`;
    this.stream = options.stream ?? null;
    this.rtcConfig = { ...(options.rtcConfig ?? {}), ...PC_CONFIG };
    this.state = 'idle';              // idle | joining | joined | left
    this.participant = null;          // our participant id (the connection id), from call.joined
    this.version = null;              // the call's version we are up to: events at or below it are already applied
    this.mediaEdge = null;
    this.participants = new Map();    // participant -> { participant, user, edge } (ourselves included)
    this.remoteStreams = new Map();   // participant -> MediaStream of its tracks (others only)
    this.publisher = null;            // RTCPeerConnection sending our tracks
    this.subscriber = null;           // RTCPeerConnection receiving everyone else's
    // performance.now() at which each PC first reached connectionState 'connected' (for measuring, and the demo).
    this.connectedAt = { publisher: null, subscriber: null };
    this.handlers = new Map();
    this.receivers = new Map();       // RTCRtpReceiver -> participant, so stats can be split per participant
    // Participants that left: a subscribe offer still in the queue may carry their tracks a moment longer.
    this.departed = new Set();
    this.offers = Promise.resolve();  // the subscribe-offer queue: each offer is handled after the previous one
    this.lastOfferVersion = -Infinity; // the newest offer answered (or being answered)
    this.newestOffer = -Infinity;      // the newest offer received
    this.earlyEvents = [];            // room events that arrived before call.joined told us the version
    this.unlisten = [];
  }

  /**
   * Registers a callback; returns a function that removes it. Events: 'track' ({participant, stream, track}),
   * 'participant_joined' ({participant, user, edge}), 'participant_left' ({participant, user, reason}),
   * 'connection' ({pc: 'publisher'|'subscriber', state}), 'left' ({reason}) and 'error' (an Error or SwitchboardError).
   */
  on(event, callback) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(callback);
    return () => this.handlers.get(event).delete(callback);
  }

  /**
   * Joins: subscribes to the call's room (first, so no event between the join and the subscribe is missed), sends
   * call.join, then publishes the stream's tracks if there are any. Resolves with the call.joined frame; rejects with
   * a SwitchboardError (e.g. permission_denied, call_full) if the edge refuses the join or the publish. After a
   * refused publish the call is still joined (receiving only): leave() it or carry on.
   */
  async join() {
    if (this.state !== 'idle') throw new SwitchboardError('invalid_state', `join() on a call that is ${this.state}.`);
    this.state = 'joining';
    const client = this.client;
    this.unlisten.push(
      client.on('message', m => { if (m.room === this.room) this.roomEvent(m.data); }),
      // An offer can come right after call.joined, before this method resumes: it is queued from the start.
      client.on('call.subscribe_offer', f => { if (f.call === this.call) this.queueOffer(f); }),
      client.on('state', s => {
        // The participant is the connection: a new connection is not in the call (the edge made us leave when the
        // old one closed). Say so; the app decides whether to join again with a new SwitchboardCall.
        if (this.state === 'joined' && (s.state === 'reconnecting' || s.state === 'closed')) {
          this.ended(s.state === 'closed' ? 'closed' : 'connection_lost');
        }
      }),
    );
    this.subscriber = this.newPeerConnection('subscriber');
    this.subscriber.ontrack = e => this.remoteTrack(e);
    try {
      await client.subscribe(this.room);
      const joined = await client.request(() => ({ type: 'call.join', call: this.call }));
      if (this.state !== 'joining') return joined; // left meanwhile
      this.participant = joined.participant;
      this.version = joined.version;
      if (joined.ice_servers?.length) {
        // The edge's TURN servers with this user's time-limited credentials: both PCs may relay through them (a page
        // may also insist on it with rtcConfig.iceTransportPolicy = 'relay'). The subscriber PC has not gathered yet.
        this.rtcConfig = { ...this.rtcConfig, iceServers: [...(this.rtcConfig.iceServers ?? []), ...joined.ice_servers] };
        this.subscriber.setConfiguration(this.rtcConfig);
      }
      this.mediaEdge = joined.media_edge;
      for (const p of joined.participants ?? []) this.participants.set(p.participant, { ...p });
      this.state = 'joined';
      // Everyone already in the call is reported like a newcomer, so a UI can be built from events alone.
      for (const p of this.participants.values()) if (p.participant !== this.participant) this.emit('participant_joined', p);
      const early = this.earlyEvents;
      this.earlyEvents = [];
      early.forEach(e => this.roomEvent(e));
      if (this.stream && this.stream.getTracks().length > 0) await this.publish(this.stream);
      return joined;
    } catch (err) {
      if (this.state === 'joining') {
        // The join itself was refused: nothing of the call is left behind.
        this.state = 'left';
        this.teardown();
        client.unsubscribe(this.room).catch(() => {});
      }
      throw err;
    }
  }

  /**
   * Sends the stream's tracks (once per call): a sendonly transceiver per track, our offer, the edge's answer.
   * join() calls it with the constructor's stream; call it yourself to start sending after joining to watch.
   */
  async publish(stream) {
    if (this.state !== 'joined') throw new SwitchboardError('not_in_call', 'publish() needs a joined call.');
    if (this.publisher) throw new SwitchboardError('invalid_state', 'This call already publishes.');
    this.stream = stream;
    const pc = this.newPeerConnection('publisher');
    this.publisher = pc;
    // streams: [stream] puts one msid on every track, which the edge keeps (as our participant id) for the others.
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const reply = await this.client.request(() => ({ type: 'call.publish', call: this.call, sdp: pc.localDescription.sdp }));
    if (this.publisher !== pc) return; // left meanwhile
    await pc.setRemoteDescription({ type: 'answer', sdp: reply.sdp });
  }

  /** Leaves the call (call.leave → call.left), then closes both PCs and stops listening. Resolves once done. */
  async leave() {
    if (this.state === 'left' || this.state === 'idle') return;
    const wasIn = this.state === 'joined' || this.state === 'joining';
    this.state = 'left';
    try {
      if (wasIn) await this.client.request(() => ({ type: 'call.leave', call: this.call }));
    } catch (err) {
      // not_in_call: the edge already had us out (our connection closed, a lease expired); closed: the client is gone.
      if (err.code !== 'not_in_call' && err.code !== 'closed') this.emit('error', err);
    } finally {
      this.teardown();
      this.client.unsubscribe(this.room).catch(() => {}); // a closed client has nothing left to unsubscribe
    }
  }

  /**
   * A plain summary per remote participant, from the subscriber PC's receivers' inbound-rtp stats (one receiver per
   * track, so no trackIdentifier matching is needed): [{ participant, user, video: {packetsReceived, framesDecoded,
   * keyFramesDecoded, pliCount}, audio: {packetsReceived} }]. Counters are cumulative; sample twice to see them move.
   */
  async stats() {
    const summary = new Map();
    const entry = participant => {
      if (!summary.has(participant)) {
        summary.set(participant, {
          participant,
          user: this.participants.get(participant)?.user ?? null,
          video: { packetsReceived: 0, framesDecoded: 0, keyFramesDecoded: 0, pliCount: 0 },
          audio: { packetsReceived: 0 },
        });
      }
      return summary.get(participant);
    };
    for (const participant of this.remoteStreams.keys()) entry(participant);
    if (!this.subscriber) return [...summary.values()];
    for (const transceiver of this.subscriber.getTransceivers()) {
      const participant = this.receivers.get(transceiver.receiver);
      if (!participant || !this.remoteStreams.has(participant)) continue; // a track of someone who left
      const report = await transceiver.receiver.getStats();
      for (const s of report.values()) {
        if (s.type !== 'inbound-rtp') continue;
        const e = entry(participant);
        if (s.kind === 'video') {
          e.video.packetsReceived += s.packetsReceived ?? 0;
          e.video.framesDecoded += s.framesDecoded ?? 0;
          e.video.keyFramesDecoded += s.keyFramesDecoded ?? 0;
          e.video.pliCount += s.pliCount ?? 0; // keyframe requests we sent: video that never decodes despite these is the edge's
        } else if (s.kind === 'audio') {
          e.audio.packetsReceived += s.packetsReceived ?? 0;
        }
      }
    }
    return [...summary.values()];
  }

  // ---- internals ----

  newPeerConnection(name) {
    const pc = new RTCPeerConnection(this.rtcConfig);
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'connected' && this.connectedAt[name] === null) this.connectedAt[name] = performance.now();
      this.emit('connection', { pc: name, state: pc.connectionState });
      if (pc.connectionState === 'failed' && this.state === 'joined') {
        this.emit('error', new SwitchboardError('media_failed', `The ${name} connection to the media edge failed.`));
      }
    });
    return pc;
  }

  /** A call event from the room (data of a message from sb.call). Applied once each, in version order. */
  roomEvent(data) {
    if (!data || typeof data.event !== 'string') return;
    if (this.state === 'joining') return this.earlyEvents.push(data); // the join reply's version decides
    if (this.state !== 'joined') return;
    if (typeof data.version === 'number') {
      if (data.version <= this.version) return; // already in the call.joined snapshot (or seen)
      this.version = data.version;
    }
    if (data.media_edge) this.mediaEdge = data.media_edge;
    switch (data.event) {
      case 'participant_joined': {
        if (data.participant === this.participant) return;
        const p = { participant: data.participant, user: data.user, edge: data.edge };
        this.participants.set(p.participant, p);
        return this.emit('participant_joined', p);
      }
      case 'participant_left': {
        if (data.participant === this.participant) return this.ended(data.reason ?? 'left'); // e.g. lease_expired
        const known = this.participants.get(data.participant);
        this.participants.delete(data.participant);
        this.departed.add(data.participant);
        this.dropStream(data.participant);
        return this.emit('participant_left', { participant: data.participant, user: data.user ?? known?.user, reason: data.reason });
      }
      // track_added / track_removed need nothing here: the edge follows each with a subscribe offer that adds or
      // retires the m-section, and the 'track' event comes from that.
    }
  }

  queueOffer(frame) {
    if (frame.version > this.newestOffer) this.newestOffer = frame.version;
    this.offers = this.offers
      .then(() => this.answerOffer(frame))
      .catch(err => { if (this.state !== 'left') this.emit('error', err); });
  }

  /** Answers one subscribe offer. Run through the queue, so two offers never interleave on the subscriber PC. */
  async answerOffer(frame) {
    const pc = this.subscriber;
    if (!pc || this.state === 'left') return;
    // An older offer (a re-sent one, or overtaken) would roll the subscription back: the newest set wins.
    if (!(frame.version > this.lastOfferVersion)) return;
    // A newer offer is already waiting: it describes the whole set, and the edge would refuse an answer to this one.
    if (frame.version < this.newestOffer) return;
    this.lastOfferVersion = frame.version;
    await pc.setRemoteDescription({ type: 'offer', sdp: frame.sdp });
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    if (this.subscriber !== pc) return;
    try {
      await this.client.request(() => ({
        type: 'call.subscribe_answer', call: this.call, version: frame.version, sdp: pc.localDescription.sdp,
      }));
    } catch (err) {
      // A newer offer arrived while this answer was on its way: the edge refuses the stale one (invalid_field), and
      // the newer offer, next in the queue, supersedes it. Anything else is an error.
      if (!(err.code === 'invalid_field' && this.newestOffer > frame.version)) throw err;
    }
  }

  /** ontrack of the subscriber PC: the msid stream id the edge put in the offer is the publisher's participant id. */
  remoteTrack(e) {
    const stream = e.streams[0];
    // Without an msid (not what the edge sends) the track cannot be attributed: keep it under its mid.
    const participant = stream?.id ?? `mid:${e.transceiver.mid}`;
    if (this.departed.has(participant)) return;
    this.receivers.set(e.receiver, participant);
    let own = this.remoteStreams.get(participant);
    if (!own) {
      own = stream ?? new MediaStream();
      this.remoteStreams.set(participant, own);
    }
    if (!own.getTracks().includes(e.track)) own.addTrack(e.track);
    this.emit('track', { participant, stream: own, track: e.track });
  }

  dropStream(participant) {
    this.remoteStreams.delete(participant);
    for (const [receiver, p] of this.receivers) if (p === participant) this.receivers.delete(receiver);
  }

  /** The edge or the connection ended our part in the call (not leave()): clean up and tell the app. */
  ended(reason) {
    if (this.state === 'left') return;
    this.state = 'left';
    this.teardown();
    this.emit('left', { reason });
  }

  teardown() {
    for (const off of this.unlisten) off();
    this.unlisten = [];
    this.closePeers();
    this.remoteStreams.clear();
    this.receivers.clear();
  }

  closePeers() {
    this.publisher?.close();
    this.subscriber?.close();
    this.publisher = this.subscriber = null;
  }

  emit(event, payload) {
    for (const callback of this.handlers.get(event) ?? []) {
      try {
        callback(payload);
      } catch (err) {
        console.error(`switchboard-call: '${event}' handler failed`, err);
      }
    }
  }
}
