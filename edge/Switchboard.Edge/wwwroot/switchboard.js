// Switchboard browser client: one WebSocket carrying JSON text frames (docs/protocol.md).
// It hides connection loss from the app: it reconnects with backoff, resumes every room from its cursor so no
// message is missed or repeated, and re-sends unanswered requests (a publish keeps its cid, so it is never doubled).

// The close codes the edge sends when the client should come back (CloseCodes.ShouldReconnect on the server).
const RESUMABLE_CLOSE_CODES = new Set([1001, 1011, 4000, 4001, 4002]);
// What a browser reports when the connection died without a close frame: network loss, edge crash.
const ABNORMAL_CLOSURE = 1006;
// A request answered with this error code failed only because the cluster was slow; retrying is safe.
const UNAVAILABLE = 'unavailable';
const MAX_UNAVAILABLE_RETRIES = 3;

/** crypto.randomUUID exists only in secure contexts (https, localhost); getRandomValues works everywhere. */
function newClientId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
}

/** A failed request: `code` is the protocol's error code (or 'closed' when the client was closed). */
export class SwitchboardError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
  }
}

export class SwitchboardClient {
  /**
   * @param {{minDelay?: number, maxDelay?: number, pingInterval?: number, silenceLimit?: number}} [options]
   *   reconnect backoff bounds, and how often to ping / how long a silent connection is trusted (all in ms)
   */
  constructor(options = {}) {
    this.minDelay = options.minDelay ?? 250;
    this.maxDelay = options.maxDelay ?? 10_000;
    // Browsers hide WebSocket-level pings from scripts, so liveness is checked with protocol pings.
    this.pingInterval = options.pingInterval ?? 10_000;
    this.silenceLimit = options.silenceLimit ?? 25_000;
    this.state = 'idle';          // idle | connecting | connected | reconnecting | closed
    this.user = null;
    this.welcome = null;          // the last welcome frame (connection id, edge)
    this.rooms = new Map();       // room -> { seq, epoch }: the cursor to resume from
    this.inbox = null;            // { seq, epoch } of this user's DM inbox
    this.pending = new Map();     // request id -> { build, resolve, reject, tries }
    this.handlers = new Map();    // event name -> Set of callbacks
    this.nextId = 1;
    this.attempt = 0;             // reconnect attempts since the last welcome
    this.ws = null;
    this.timer = null;
    this.heartbeat = null;
    this.lastHeard = 0;
  }

  /** Registers a callback for 'message' | 'join' | 'leave' | 'dm' | 'subscribed' | 'error' | 'state'. Returns an unsubscribe function. */
  on(event, callback) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(callback);
    return () => this.handlers.get(event).delete(callback);
  }

  /**
   * Connects and says hello. Resolves with the welcome frame; rejects if the edge refuses the user or closes for good.
   * While the edge is unreachable it keeps retrying (with backoff), so the promise may take a while.
   */
  connect(url, user) {
    this.url = url;
    this.user = user;
    return new Promise((resolve, reject) => {
      this.onWelcome = resolve;
      this.onRefused = reject;
      this.open();
    });
  }

  /** Subscribes to a room. Resolves with the 'subscribed' frame; the room is resumed after every reconnect. */
  subscribe(room) {
    if (!this.rooms.has(room)) this.rooms.set(room, { seq: null, epoch: null });
    return this.request(() => this.subscribeFrame(room));
  }

  unsubscribe(room) {
    this.rooms.delete(room);
    return this.request(() => ({ type: 'unsubscribe', room }));
  }

  /** Publishes `data` (any JSON value) to a room. Resolves with the ack ({ seq, mid, ts, duplicate }). */
  publish(room, data, cid = newClientId()) {
    return this.request(() => ({ type: 'publish', room, data, cid }));
  }

  /** Sends a direct message to a user's inbox. Resolves with the ack. */
  dm(to, data, cid = newClientId()) {
    return this.request(() => ({ type: 'dm', to, data, cid }));
  }

  /** Resolves with { seq, members: [{ user, connections }] }. */
  presence(room) {
    return this.request(() => ({ type: 'presence', room }));
  }

  /** Resolves with { seq, earliest, epoch, entries }: the newest entries, or those after `opts.after`. */
  history(room, { after, limit } = {}) {
    return this.request(() => ({ type: 'history', room, after, limit }));
  }

  /** Closes for good: no reconnect, and unanswered requests fail. */
  close() {
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, 'client closed');
    this.failPending('closed', 'The client was closed.');
    this.setState('closed');
  }

  // ---- internals ----

  subscribeFrame(room) {
    const cursor = this.rooms.get(room);
    // Without a cursor the stream starts at the room's end; with one, the edge sends what we missed first.
    return cursor?.seq != null ? { type: 'subscribe', room, cursor: cursor.seq, epoch: cursor.epoch } : { type: 'subscribe', room };
  }

  /** Queues a request. `build` makes the frame each time it is sent, so a resent subscribe carries the latest cursor. */
  request(build) {
    if (this.state === 'closed') return Promise.reject(new SwitchboardError('closed', 'The client is closed.'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const entry = { id, build, resolve, reject, tries: 0 };
      this.pending.set(id, entry);
      if (this.state === 'connected') this.transmit(entry);
      // Otherwise it goes out after the next welcome, in id order.
    });
  }

  transmit(entry) {
    this.ws?.send(JSON.stringify({ ...entry.build(), id: entry.id }));
  }

  open() {
    clearTimeout(this.timer);
    if (this.attempt === 0) this.setState('connecting'); // during retries the state stays 'reconnecting'
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      const hello = { type: 'hello', id: 0, user: this.user };
      if (this.inbox) Object.assign(hello, { inbox_cursor: this.inbox.seq, inbox_epoch: this.inbox.epoch });
      ws.send(JSON.stringify(hello));
      this.watch(ws);
    };
    ws.onmessage = e => {
      if (this.ws !== ws) return;
      this.lastHeard = Date.now();
      this.receive(JSON.parse(e.data));
    };
    ws.onclose = e => {
      if (this.ws !== ws) return; // closed on purpose, or replaced already
      this.ws = null;
      clearInterval(this.heartbeat);
      if (RESUMABLE_CLOSE_CODES.has(e.code) || e.code === ABNORMAL_CLOSURE) {
        this.scheduleReconnect(e);
      } else {
        // 1000 (server closed normally) or 4003 (frame too large): reconnecting would not help.
        this.failPending('closed', `Connection closed (${e.code} ${e.reason})`);
        this.onRefused?.(new SwitchboardError('closed', `Connection closed (${e.code} ${e.reason})`));
        this.setState('closed', { code: e.code, reason: e.reason });
      }
    };
  }

  /** A network that drops silently (no FIN: Wi-Fi gone, laptop asleep) never fires onclose: ping, and give up on silence. */
  watch(ws) {
    this.lastHeard = Date.now();
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (this.ws !== ws) return clearInterval(this.heartbeat);
      if (Date.now() - this.lastHeard < this.silenceLimit) return ws.send('{"type":"ping"}');
      clearInterval(this.heartbeat);
      this.ws = null;
      ws.close();
      this.scheduleReconnect({ code: ABNORMAL_CLOSURE, reason: 'no answer to ping' });
    }, this.pingInterval);
  }

  scheduleReconnect(closeEvent) {
    // Exponential backoff with jitter, so a restarted edge is not hit by every client at the same instant.
    const base = Math.min(this.maxDelay, this.minDelay * 2 ** this.attempt);
    const delay = Math.round(base / 2 + Math.random() * base / 2);
    this.attempt++;
    this.setState('reconnecting', { code: closeEvent.code, reason: closeEvent.reason, delay });
    this.timer = setTimeout(() => this.open(), delay);
  }

  receive(frame) {
    switch (frame.type) {
      case 'welcome': return this.welcomed(frame);
      case 'message':
      case 'join':
      case 'leave': {
        const cursor = this.rooms.get(frame.room);
        if (!cursor || (cursor.seq != null && frame.seq <= cursor.seq)) return; // unsubscribed, or already seen
        cursor.seq = frame.seq;
        return this.emit(frame.type, frame);
      }
      case 'dm':
        if (this.inbox && frame.seq <= this.inbox.seq) return;
        if (this.inbox) this.inbox.seq = frame.seq;
        return this.emit('dm', frame);
      case 'subscribed': {
        const cursor = this.rooms.get(frame.room);
        if (cursor) Object.assign(cursor, { seq: frame.seq, epoch: frame.epoch });
        this.emit('subscribed', frame);
        break;
      }
      case 'error':
        if (frame.id === 0) return this.refused(frame);
        this.emit('error', frame);
        break;
    }
    this.settle(frame);
  }

  /** Answers the request the frame's id names. */
  settle(frame) {
    const entry = this.pending.get(frame.id);
    if (!entry) return;
    if (frame.type === 'error' && frame.code === UNAVAILABLE && entry.tries < MAX_UNAVAILABLE_RETRIES) {
      entry.tries++;
      setTimeout(() => this.state === 'connected' && this.pending.has(entry.id) && this.transmit(entry), 200 * entry.tries);
      return;
    }
    this.pending.delete(frame.id);
    if (frame.type === 'error') entry.reject(new SwitchboardError(frame.code, frame.message));
    else entry.resolve(frame);
  }

  welcomed(frame) {
    this.welcome = frame;
    this.inbox = { seq: frame.inbox.seq, epoch: frame.inbox.epoch };
    this.attempt = 0;
    const unanswered = [...this.pending.values()]; // in id order: a Map keeps insertion order
    const queuedRooms = new Set(unanswered.map(e => e.build()).filter(f => f.type === 'subscribe').map(f => f.room));
    this.setState('connected');
    // Resume every room from its cursor first, then re-send whatever was never answered: a publish keeps its
    // cid, so if the edge stored it before the drop it acks it again (duplicate: true) instead of storing it twice.
    for (const room of this.rooms.keys()) {
      if (!queuedRooms.has(room)) this.subscribe(room).catch(() => {});
    }
    for (const entry of unanswered) this.transmit(entry);
    this.onWelcome?.(frame);
    this.onWelcome = this.onRefused = null;
  }

  refused(frame) {
    clearInterval(this.heartbeat);
    if (frame.code === UNAVAILABLE) {
      // The cluster was slow to open our inbox: not our fault, so try again on a fresh connection.
      const ws = this.ws;
      this.ws = null;
      ws?.close(1000);
      return this.scheduleReconnect({ code: 1011, reason: frame.message });
    }
    // Otherwise the hello itself was rejected (e.g. invalid_user): the same hello would be rejected again.
    const error = new SwitchboardError(frame.code, frame.message);
    this.emit('error', frame);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000);
    this.failPending(frame.code, frame.message);
    this.onRefused?.(error);
    this.onWelcome = this.onRefused = null;
    this.setState('closed', { code: frame.code, reason: frame.message });
  }

  failPending(code, message) {
    for (const entry of this.pending.values()) entry.reject(new SwitchboardError(code, message));
    this.pending.clear();
  }

  setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, ...detail });
  }

  emit(event, payload) {
    for (const callback of this.handlers.get(event) ?? []) {
      try {
        callback(payload);
      } catch (err) {
        console.error(`switchboard: '${event}' handler failed`, err); // one bad handler must not break the stream
      }
    }
  }
}
