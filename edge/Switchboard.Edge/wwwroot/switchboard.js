// Switchboard browser client (docs/protocol.md). Frames travel over one of three transports, chosen with the
// `transport` option: a WebSocket (§1), Server-Sent Events down + POST /v1/frames up (§9, §10), or long polling +
// POST /v1/frames (§11). 'auto' tries them in that order until one says welcome. The frames are the same on all three,
// so everything above the transport (cursors, duplicate drop, reply correlation) is shared.
// It hides connection loss from the app: it reconnects with backoff, resumes every room from its cursor so no
// message is missed or repeated, and re-sends unanswered requests (a publish keeps its cid, so it is never doubled).

// The close codes the edge sends when the client should come back (CloseCodes.ShouldReconnect on the server).
// 4004 (token expired): reconnect with a fresh token (the 'token' function is asked again before every connection).
// 4005 (rate limited: the connection kept flooding): reconnect, but only after a longer backoff (RATE_LIMITED_ATTEMPT).
// 4006 (too many connections) is not here: its hello was refused 'too_many_connections', which closes the client.
const RESUMABLE_CLOSE_CODES = new Set([1001, 1011, 4000, 4001, 4002, 4004, 4005]);
const RATE_LIMITED = 4005;
// The backoff exponent a 4005 close starts from: minDelay × 2³ (1-2 s with the default minDelay).
const RATE_LIMITED_ATTEMPT = 3;
// What a browser reports when the connection died without a close frame: network loss, edge crash.
const ABNORMAL_CLOSURE = 1006;
// A request answered with this error code failed only because the cluster was slow; retrying is safe.
const UNAVAILABLE = 'unavailable';
const MAX_UNAVAILABLE_RETRIES = 3;
// The order 'auto' tries: each next one works through more proxies and firewalls, at a higher cost per frame.
const TRANSPORT_ORDER = ['websocket', 'sse', 'longpoll'];
// How long a long poll asks the edge to hold it (seconds), and how much longer we wait before calling it lost.
const POLL_TIMEOUT_S = 25;
const POLL_GRACE_MS = 15_000;
// With a 'token' function, a fresh token is fetched this long before the current one expires (or at half its life, if shorter).
const REFRESH_AHEAD_MS = 60_000;
// A token with less than this left is replaced before it is sent on a new request.
const TOKEN_MIN_LEFT_MS = 5_000;
// The statuses a stream request is refused with, each carrying an error frame: asking again gets the same answer
// (429: the user holds too many connections on this edge, 'too_many_connections').
const REFUSED_STATUSES = new Set([400, 401, 403, 429]);

/** The `exp` of a JWT in ms, or null when it is not a JWT with one (the client never checks the signature). */
function tokenExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part + '='.repeat((4 - part.length % 4) % 4)));
    return typeof claims.exp === 'number' ? claims.exp * 1000 : null;
  } catch {
    return null;
  }
}

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
   * @param {{transport?: 'auto'|'websocket'|'sse'|'longpoll', minDelay?: number, maxDelay?: number,
   *          pingInterval?: number, silenceLimit?: number, openTimeout?: number, requestTimeout?: number,
   *          device?: string, token?: string | (() => Promise<string> | string)}} [options]
   *   the transport ('auto' by default), reconnect backoff bounds, how often to ping / how long a silent WebSocket
   *   is trusted, and how long a connection may take to be welcomed before it counts as failed (all in ms).
   *   `token`: the access token (a JWT) for an edge in Jwt mode, or a function returning a fresh one; a function is
   *   called before every connection and again shortly before the token expires (the connection is then refreshed).
   */
  constructor(options = {}) {
    this.transport = options.transport ?? 'auto';
    if (this.transport !== 'auto' && !TRANSPORT_ORDER.includes(this.transport)) {
      throw new SwitchboardError('invalid_transport', `Unknown transport '${this.transport}'.`);
    }
    this.minDelay = options.minDelay ?? 250;
    this.maxDelay = options.maxDelay ?? 10_000;
    // Browsers hide WebSocket-level pings from scripts, so liveness is checked with protocol pings.
    this.pingInterval = options.pingInterval ?? 10_000;
    this.silenceLimit = options.silenceLimit ?? 25_000;
    this.openTimeout = options.openTimeout ?? 10_000;
    this.requestTimeout = options.requestTimeout ?? 30_000; // 0: wait as long as it takes
    // A stable id of this browser/app install (e.g. kept in localStorage): lets the server keep this device's cursors (§12).
    this.device = options.device ?? null;
    if (this.device !== null && this.transport !== 'websocket') {
      // Cursors are saved per connection subscription, which only a WebSocket holds (§12).
      throw new SwitchboardError('invalid_option', "The 'device' option needs transport 'websocket'.");
    }
    this.tokenSource = options.token ?? null;
    this.accessToken = typeof this.tokenSource === 'string' ? this.tokenSource : null;
    this.refreshTimer = null;
    this.authRetried = false;     // an 'unauthorized' hello was retried once with a freshly fetched token
    this.state = 'idle';          // idle | connecting | connected | reconnecting | closed
    this.user = null;
    this.welcome = null;          // the last welcome frame (connection id, edge)
    this.rooms = new Map();       // room -> { seq, epoch }: the cursor to resume from
    this.inbox = null;            // { seq, epoch } of this user's DM inbox
    this.token = null;            // SSE / long-poll resume token: the last event id or batch cursor (opaque)
    this.pending = new Map();     // request id -> { build, room, resolve, reject, tries, inFlight }
    this.handlers = new Map();    // event name -> Set of callbacks
    this.nextId = 1;
    this.attempt = 0;             // reconnect attempts since the last welcome
    // Transports still to try; narrowed to the one that worked once a connection is welcomed.
    this.candidates = this.transport === 'auto' ? [...TRANSPORT_ORDER] : [this.transport];
    this.conn = null;             // the current transport connection (WebSocketConnection | SseConnection | LongPollConnection)
    this.timer = null;
    this.openTimer = null;
  }

  /** The transport in use (or being tried): 'websocket' | 'sse' | 'longpoll'. */
  get activeTransport() {
    return this.conn?.name ?? this.candidates[0];
  }

  /** Registers a callback for 'message' | 'join' | 'leave' | 'dm' | 'subscribed' | 'error' | 'state' | a 'call.*' push. Returns an unsubscribe function. */
  on(event, callback) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event).add(callback);
    return () => this.handlers.get(event).delete(callback);
  }

  /**
   * Connects and says hello. `url` is the edge's WebSocket URL (ws://host/v1/ws) or its http(s) equivalent; the other
   * endpoints (/v1/sse, /v1/poll, /v1/frames) are found next to it. With a `token` the user may be omitted: the edge
   * takes it from the token (a user given must be the token's).
   * Resolves with the welcome frame; rejects if the edge refuses the user or closes for good.
   * While the edge is unreachable it keeps retrying (with backoff), so the promise may take a while.
   */
  connect(url, user) {
    const base = new URL(url, globalThis.location?.href);
    base.protocol = base.protocol.replace(/^ws/, 'http'); // ws: -> http:, wss: -> https:
    this.base = base;
    this.user = user ?? null;
    return new Promise((resolve, reject) => {
      this.onWelcome = resolve;
      this.onRefused = reject;
      this.open();
    });
  }

  /** Subscribes to a room. Resolves with the 'subscribed' frame; the room is resumed after every reconnect. */
  subscribe(room) {
    if (!this.rooms.has(room)) this.rooms.set(room, { seq: null, epoch: null });
    return this.request(() => this.subscribeFrame(room), room);
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

  /** Resolves with { seq, members: [{ user, connections }] }. Long-poll clients are never members (§11). */
  presence(room) {
    return this.request(() => ({ type: 'presence', room }));
  }

  /** Resolves with { seq, earliest, epoch, entries }: the newest entries, or those after `opts.after`. */
  history(room, { after, limit } = {}) {
    return this.request(() => ({ type: 'history', room, after, limit }));
  }

  /**
   * Tells the server this device has processed `room` up to `seq` (§12); with the 'device' option only. A new tab or
   * reinstall of the same device that subscribes without a cursor then resumes after it. Acknowledge in batches.
   */
  processed(room, seq) {
    if (!this.device) return Promise.reject(new SwitchboardError('missing_field', "processed() needs the 'device' option."));
    return this.request(() => ({ type: 'processed', room, seq }));
  }

  /** As processed(), for this user's direct-message inbox. */
  processedInbox(seq) {
    if (!this.device) return Promise.reject(new SwitchboardError('missing_field', "processedInbox() needs the 'device' option."));
    return this.request(() => ({ type: 'processed', inbox: true, seq }));
  }

  /** Closes for good: no reconnect, and unanswered requests fail. */
  close() {
    clearTimeout(this.refreshTimer);
    this.dropConnection();
    this.failPending('closed', 'The client was closed.');
    this.setState('closed');
  }

  // ---- internals ----

  /** An endpoint next to the one connect() was given: 'ws' -> .../v1/ws, 'sse' -> .../v1/sse. */
  endpoint(name) {
    const url = new URL(name, this.base);
    if (name === 'ws') url.protocol = url.protocol.replace(/^http/, 'ws');
    // Browsers cannot set headers on a WebSocket or an EventSource: the token rides in the query (§13).
    if (this.accessToken && name !== 'frames') url.searchParams.set('access_token', this.accessToken);
    return url;
  }

  /** Asks the 'token' function (if any) for a fresh token. False when it failed: the connection attempt counts as lost. */
  async fetchToken() {
    if (typeof this.tokenSource !== 'function') return true;
    try {
      this.accessToken = await this.tokenSource();
      return true;
    } catch (err) {
      console.error('switchboard: the token function failed', err);
      return false;
    }
  }

  /**
   * Before a request that carries the token (a reopened stream, a poll, a POST): with a 'token' function, a token about
   * to expire is replaced first, so the edge does not refuse it (the scheduled refresh may not have run yet).
   */
  async ensureFreshToken() {
    const expires = typeof this.tokenSource === 'function' && this.accessToken ? tokenExpiry(this.accessToken) : null;
    if (expires !== null && expires - Date.now() < TOKEN_MIN_LEFT_MS) await this.fetchToken();
  }

  /** With a 'token' function: fetch a fresh token before this one expires and hand it to the live connection. */
  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    const expires = typeof this.tokenSource === 'function' && this.accessToken ? tokenExpiry(this.accessToken) : null;
    if (expires === null) return;
    const left = expires - Date.now();
    const delay = Math.max(1000, Math.max(left - REFRESH_AHEAD_MS, left / 2));
    this.refreshTimer = setTimeout(async () => {
      const conn = this.conn;
      if (!conn || !conn.up || !(await this.fetchToken()) || this.conn !== conn) return;
      conn.refresh(this.accessToken);
      this.scheduleRefresh();
    }, delay);
  }

  subscribeFrame(room) {
    const cursor = this.rooms.get(room);
    // Without a cursor the stream starts at the room's end; with one, the edge sends what we missed first.
    return cursor?.seq != null ? { type: 'subscribe', room, cursor: cursor.seq, epoch: cursor.epoch } : { type: 'subscribe', room };
  }

  /**
   * Queues a request. `build` makes the frame each time it is sent, so a resent subscribe carries the latest cursor.
   * `room` marks a subscribe: on SSE / long-poll its answer is the stream's id-less 'subscribed' frame for that room.
   */
  request(build, room = null) {
    if (this.state === 'closed') return Promise.reject(new SwitchboardError('closed', 'The client is closed.'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      // However long the edge stays away, a request ends: answered, or failed with 'timeout' after requestTimeout.
      // A publish that timed out may still have been stored: retry it with the same cid to find out.
      const timer = this.requestTimeout > 0 ? setTimeout(() => {
        if (!this.pending.delete(id)) return;
        reject(new SwitchboardError('timeout', `No answer within ${this.requestTimeout} ms.`));
      }, this.requestTimeout) : null;
      const done = f => v => { clearTimeout(timer); f(v); };
      const entry = { id, build, room, resolve: done(resolve), reject: done(reject), tries: 0, inFlight: false };
      this.pending.set(id, entry);
      if (this.state === 'connected') this.transmit(entry);
      // Otherwise it goes out after the next welcome, in id order.
    });
  }

  transmit(entry) {
    const conn = this.conn;
    if (!conn) return;
    const frame = { ...entry.build(), id: entry.id };
    if (conn.name === 'websocket') return conn.send(frame);
    if (frame.type === 'subscribe' || frame.type === 'unsubscribe') {
      // SSE and long-poll streams name their rooms in the URL: reopen with the new set (and the current token).
      // The subscribe is answered by the 'subscribed' frame the stream then sends for the room.
      conn.roomsChanged();
      if (frame.type === 'unsubscribe') this.settle({ type: 'unsubscribed', id: entry.id, room: frame.room });
      return;
    }
    this.post(entry, frame);
  }

  /** Sends a request over POST /v1/frames (§9); its reply frame goes through the same path as a WebSocket reply. */
  async post(entry, frame) {
    entry.inFlight = true;
    let reply = null;
    try {
      await this.ensureFreshToken();
      const response = await fetch(this.endpoint('frames'), {
        method: 'POST',
        headers: this.postHeaders(),
        body: JSON.stringify(frame),
        cache: 'no-store',
      });
      // Every status the edge answers with (200/400/401/413/429/503) carries a frame; anything else came from elsewhere.
      if (response.headers.get('Content-Type')?.startsWith('application/json')) reply = await response.json();
    } catch {
      // Network failure: no reply. Handled below like an answer we could not read.
    }
    entry.inFlight = false;
    if (!this.pending.has(entry.id)) return; // closed meanwhile
    if (reply?.type) return this.receive(reply);
    // No answer: retry a few times (a publish keeps its cid, so it is not stored twice), then give up.
    this.receive({ type: 'error', id: entry.id, code: UNAVAILABLE, message: 'No answer from the edge.' });
  }

  /** POST /v1/frames carries the token in the Authorization header, never in the URL (§9). */
  postHeaders() {
    const headers = { 'Content-Type': 'application/json' };
    if (this.user) headers['X-Switchboard-User'] = this.user;
    if (this.accessToken) headers.Authorization = `Bearer ${this.accessToken}`;
    return headers;
  }

  async open() {
    clearTimeout(this.timer);
    if (this.attempt === 0 && this.state !== 'reconnecting') this.setState('connecting'); // during retries it stays 'reconnecting'
    const Connection = CONNECTIONS[this.candidates[0]];
    const conn0 = new Connection(this);
    this.conn = conn0;
    // A token function is asked again for every connection: the last token may have expired meanwhile.
    if (!(await this.fetchToken())) {
      if (this.conn !== conn0) return;
      this.conn = null;
      return this.scheduleReconnect({ code: ABNORMAL_CLOSURE, reason: 'the token function failed' });
    }
    if (this.conn !== conn0 || this.state === 'closed') return;
    // A transport a proxy silently swallows never fails outright: give up on it after openTimeout.
    clearTimeout(this.openTimer);
    const conn = this.conn;
    this.openTimer = setTimeout(() => {
      if (this.conn !== conn || conn.up) return;
      conn.close();
      this.connectionLost(conn, ABNORMAL_CLOSURE, 'timed out before welcome');
    }, this.openTimeout);
    conn.open();
  }

  /** Called by a connection that is current; ignores a stale one (closed on purpose, or replaced already). */
  frameArrived(conn, frame) {
    if (this.conn !== conn) return;
    this.receive(frame);
  }

  /** The current connection ended: fall back to the next transport, reconnect with backoff, or stop for good. */
  connectionLost(conn, code, reason) {
    if (this.conn !== conn) return;
    this.conn = null;
    clearTimeout(this.openTimer);
    if (!conn.up && this.candidates.length > 1) {
      // This transport never got as far as a welcome (blocked, unsupported): try the next one at once.
      this.candidates.shift();
      return this.open();
    }
    if (RESUMABLE_CLOSE_CODES.has(code) || code === ABNORMAL_CLOSURE) {
      this.scheduleReconnect({ code, reason });
    } else {
      // 1000 (server closed normally) or 4003 (frame too large): reconnecting would not help.
      this.failPending('closed', `Connection closed (${code} ${reason})`);
      this.onRefused?.(new SwitchboardError('closed', `Connection closed (${code} ${reason})`));
      this.onWelcome = this.onRefused = null;
      this.setState('closed', { code, reason });
    }
  }

  dropConnection() {
    clearTimeout(this.timer);
    clearTimeout(this.openTimer);
    const conn = this.conn;
    this.conn = null;
    conn?.close();
  }

  scheduleReconnect(closeEvent) {
    // Exponential backoff with jitter, so a restarted edge is not hit by every client at the same instant.
    if (closeEvent.code === RATE_LIMITED) this.attempt = Math.max(this.attempt, RATE_LIMITED_ATTEMPT);
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
        if (frame.id !== undefined) {
          this.emit('subscribed', frame);
          break;
        }
        // SSE / long-poll: the stream's own subscribe; a room we have left since is none of the app's business.
        if (!cursor) return;
        this.emit('subscribed', frame);
        return this.settleSubscribes(frame);
      }
      case 'error':
        // A refused hello: id 0 on a WebSocket; on SSE / long-poll the stream's own hello has no id.
        if (frame.id === 0 || (frame.id === undefined && this.conn && this.conn.name !== 'websocket' && !this.conn.up)) {
          return this.refused(frame);
        }
        this.emit('error', frame);
        break;
      default:
        // A call push (docs/protocol.md §15, e.g. call.subscribe_offer) has no id: it is an event of its own type.
        if (frame.id === undefined && frame.type?.startsWith('call.')) return this.emit(frame.type, frame);
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
    if (frame.type === 'error') {
      const sent = entry.build();
      // An unsubscribe re-sent after a reconnect finds the room already gone from the new connection: that is done.
      if (sent.type === 'unsubscribe' && frame.code === 'not_subscribed') return entry.resolve({ type: 'unsubscribed', id: frame.id, room: sent.room });
      // A refused subscribe (invalid_room, too_many_subscriptions…) is not retried at every reconnect.
      if (sent.type === 'subscribe' && frame.code !== UNAVAILABLE && frame.code !== 'already_subscribed') this.rooms.delete(sent.room);
      entry.reject(new SwitchboardError(frame.code, frame.message));
    } else {
      entry.resolve(frame);
    }
  }

  /** SSE / long-poll: a stream's 'subscribed' (no id) answers every subscribe of that room still waiting. */
  settleSubscribes(frame) {
    for (const entry of this.pending.values()) {
      if (entry.room !== frame.room) continue;
      this.pending.delete(entry.id);
      entry.resolve(frame);
    }
  }

  /**
   * Long poll only: a room whose cursor the token already holds gets no 'subscribed' frame (§11): the edge honoured
   * the cursor. So that the app sees the same events as on the other transports, a 'subscribed' (recovered) is made
   * from our own cursor for each such room after a reconnect (`resumed`), and for any subscribe still waiting.
   */
  roomsAnswered(rooms, resumed) {
    for (const room of rooms) {
      const cursor = this.rooms.get(room);
      const waiting = [...this.pending.values()].some(e => e.room === room);
      if (cursor?.seq != null && (resumed || waiting)) {
        this.receive({ type: 'subscribed', room, seq: cursor.seq, epoch: cursor.epoch, recovered: true });
      }
    }
  }

  welcomed(frame) {
    this.welcome = frame;
    this.user = frame.user; // with a token, the edge says who we are
    this.authRetried = false;
    this.inbox = { seq: frame.inbox.seq, epoch: frame.inbox.epoch };
    this.established();
  }

  /** The current connection works (a welcome, or a long poll answered): it is 'connected' until it is lost. */
  established() {
    const conn = this.conn;
    if (!conn || conn.up) return; // an SSE stream reopened for new rooms says welcome again: nothing to redo
    conn.up = true;
    clearTimeout(this.openTimer);
    this.scheduleRefresh();
    this.attempt = 0;
    this.candidates = [conn.name]; // it worked: reconnect with the same transport from now on
    const unanswered = [...this.pending.values()]; // in id order: a Map keeps insertion order
    this.setState('connected');
    if (conn.name === 'websocket') {
      // Resume every room from its cursor first, then re-send whatever was never answered: a publish keeps its
      // cid, so if the edge stored it before the drop it acks it again (duplicate: true) instead of storing it twice.
      const queuedRooms = new Set(unanswered.filter(e => e.room !== null).map(e => e.room));
      for (const room of this.rooms.keys()) {
        if (!queuedRooms.has(room)) this.subscribe(room).catch(err => this.resubscribeFailed(conn, room, err));
      }
      for (const entry of unanswered) this.transmit(entry);
    } else {
      // The stream resumed every room from the token by itself; only requests not already on their way go out.
      for (const entry of unanswered) if (!entry.inFlight) this.transmit(entry);
    }
    this.onWelcome?.(this.welcome);
    this.onWelcome = this.onRefused = null;
  }

  refused(frame) {
    const conn = this.conn;
    if (frame.code === UNAVAILABLE) {
      // The cluster was slow to open our inbox: not our fault, so try again on a fresh connection.
      this.dropConnection();
      return this.scheduleReconnect({ code: 1011, reason: frame.message });
    }
    if (frame.code === 'unauthorized' && typeof this.tokenSource === 'function' && !this.authRetried) {
      // Perhaps the token expired on its way: ask for a fresh one and try once more. A second refusal is final.
      this.authRetried = true;
      this.dropConnection();
      return this.scheduleReconnect({ code: 4004, reason: frame.message });
    }
    // Otherwise the hello itself was rejected (e.g. invalid_user, unauthorized): the same hello would be rejected again.
    const error = new SwitchboardError(frame.code, frame.message);
    this.emit('error', frame);
    if (conn) this.dropConnection();
    this.failPending(frame.code, frame.message);
    this.onRefused?.(error);
    this.onWelcome = this.onRefused = null;
    this.setState('closed', { code: frame.code, reason: frame.message });
  }

  /**
   * An SSE / long-poll stream request was refused with an error frame (400). If the stream worked until rooms were
   * added, those subscribes are what was refused (e.g. invalid_room): they fail and the stream goes on without them.
   * Otherwise the connection itself is refused, as a WebSocket hello would be.
   */
  streamRefused(conn, frame) {
    if (this.conn !== conn) return;
    const subscribes = [...this.pending.values()].filter(e => e.room !== null);
    if (conn.up && subscribes.length > 0 && frame.code !== UNAVAILABLE) {
      for (const entry of subscribes) {
        this.pending.delete(entry.id);
        this.rooms.delete(entry.room);
        entry.reject(new SwitchboardError(frame.code, frame.message));
      }
      this.emit('error', frame);
      return conn.open();
    }
    this.refused(frame);
  }

  /**
   * A room's automatic resubscribe failed. If the cluster was only slow (unavailable after the retries), staying
   * connected would leave the room silent: reconnect, which resubscribes every room. Any other refusal was reported
   * as an 'error' event and the room was dropped (settle()).
   */
  resubscribeFailed(conn, room, err) {
    if (err.code !== UNAVAILABLE || this.conn !== conn || !this.rooms.has(room)) return;
    this.dropConnection();
    this.scheduleReconnect({ code: 1011, reason: `resubscribe of ${room} failed: ${err.message}` });
  }

  failPending(code, message) {
    for (const entry of this.pending.values()) entry.reject(new SwitchboardError(code, message));
    this.pending.clear();
  }

  setState(state, detail = {}) {
    this.state = state;
    this.emit('state', { state, transport: this.activeTransport, ...detail });
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

// ---- transports ----
// Each connection object is used once: open() starts it, close() ends it quietly, and it reports frames with
// client.frameArrived(this, frame) and its end with client.connectionLost(this, code, reason). `up` is set by the
// client once the connection is welcomed.

/** One WebSocket carrying every frame both ways (§1). */
class WebSocketConnection {
  name = 'websocket';
  up = false;

  constructor(client) {
    this.client = client;
    this.ws = null;
    this.heartbeat = null;
    this.lastHeard = 0;
  }

  open() {
    const client = this.client;
    const ws = new WebSocket(client.endpoint('ws'));
    this.ws = ws;
    ws.onopen = () => {
      const hello = { type: 'hello', id: 0 };
      if (client.user) hello.user = client.user;
      if (client.inbox) Object.assign(hello, { inbox_cursor: client.inbox.seq, inbox_epoch: client.inbox.epoch });
      if (client.device) hello.device = client.device;
      ws.send(JSON.stringify(hello));
      this.watch();
    };
    ws.onmessage = e => {
      this.lastHeard = Date.now();
      client.frameArrived(this, JSON.parse(e.data));
    };
    ws.onclose = e => {
      clearInterval(this.heartbeat);
      client.connectionLost(this, e.code, e.reason);
    };
  }

  send(frame) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** A fresh token for the same user: the edge moves this connection's expiry (§13). */
  refresh(token) {
    this.send({ type: 'refresh', token });
  }

  close() {
    clearInterval(this.heartbeat);
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, 'client closed');
  }

  /** A network that drops silently (no FIN: Wi-Fi gone, laptop asleep) never fires onclose: ping, and give up on silence. */
  watch() {
    const client = this.client;
    this.lastHeard = Date.now();
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (!this.ws) return clearInterval(this.heartbeat);
      if (Date.now() - this.lastHeard < client.silenceLimit) return this.ws.send('{"type":"ping"}');
      this.close();
      client.connectionLost(this, ABNORMAL_CLOSURE, 'no answer to ping');
    }, client.pingInterval);
  }
}

/** The query string SSE and long poll share (§10, §11): user, rooms and the resume token under `tokenParam`. */
function streamUrl(client, name, tokenParam) {
  const url = client.endpoint(name);
  if (client.user) url.searchParams.set('user', client.user);
  const rooms = [...client.rooms.keys()];
  // Without `rooms` a resumed stream takes the token's rooms; "," is an explicitly empty list (all rooms left).
  if (rooms.length > 0) url.searchParams.set('rooms', rooms.join(','));
  else if (client.token) url.searchParams.set('rooms', ',');
  if (client.token) url.searchParams.set(tokenParam, client.token);
  return { url, rooms: rooms.join(',') };
}

/** Server-Sent Events down (§10), POST /v1/frames up. A room change reopens the stream from the last event id. */
class SseConnection {
  name = 'sse';
  up = false;

  constructor(client) {
    this.client = client;
    this.source = null;
    this.rooms = null; // the room list the open stream was asked for
    this.opened = false;
  }

  open() {
    const client = this.client;
    const { url, rooms } = streamUrl(client, 'sse', 'last_event_id');
    this.rooms = rooms;
    this.opened = false;
    const source = new EventSource(url);
    this.source = source;
    source.onmessage = e => {
      if (this.source !== source) return;
      // The event id is the token after this frame: reopening from it resumes every log exactly after it.
      if (e.lastEventId) client.token = e.lastEventId;
      const frame = JSON.parse(e.data);
      if (frame.type === 'close') return this.lost(frame.code, frame.reason); // the server ends the stream (§10)
      client.frameArrived(this, frame);
    };
    source.onopen = () => { this.opened = true; };
    // EventSource would reconnect by itself, but without backoff and without telling us: we do it ourselves.
    source.onerror = () => {
      if (this.source !== source) return;
      if (this.opened) return this.lost(ABNORMAL_CLOSURE, 'event stream failed');
      // Refused before it opened. EventSource hides the status and body, so ask once more with fetch: a 400 carries
      // the error frame (§10) and must stop us (the same request would be refused again); anything else is a failure.
      source.close();
      this.whyRefused(url).then(frame => {
        if (this.source !== source) return;
        if (!frame) return this.lost(ABNORMAL_CLOSURE, 'event stream failed');
        this.close();
        client.streamRefused(this, frame);
      });
    };
  }

  /** The error frame of a refused stream request, or null when it was not refused with one. */
  async whyRefused(url) {
    const abort = new AbortController();
    try {
      const response = await fetch(url, { signal: abort.signal, cache: 'no-store', headers: { Accept: 'text/event-stream' } });
      if (!REFUSED_STATUSES.has(response.status)) return null;
      const frame = await response.json();
      return frame?.type === 'error' ? frame : null;
    } catch {
      return null;
    } finally {
      abort.abort(); // a stream that opens this time is not ours to read: the reconnect opens a fresh one
    }
  }

  /** An event stream cannot send a refresh: reopen it with the fresh token from the last event id (nothing is lost). */
  refresh() {
    if (!this.source) return;
    this.source.close();
    this.open();
  }

  roomsChanged() {
    // Coalesce several subscribes in a row into one reopen.
    queueMicrotask(async () => {
      if (!this.source || streamUrl(this.client, 'sse', 'last_event_id').rooms === this.rooms) return;
      const source = this.source;
      await this.client.ensureFreshToken();
      if (this.source !== source) return; // closed or reopened meanwhile
      this.source.close();
      this.open();
    });
  }

  lost(code, reason) {
    this.close();
    this.client.connectionLost(this, code, reason);
  }

  close() {
    this.source?.close();
    this.source = null;
  }
}

/** Long polling down (§11), POST /v1/frames up. A room change aborts the held poll and polls again with the new set. */
class LongPollConnection {
  name = 'longpoll';
  up = false;

  constructor(client) {
    this.client = client;
    this.active = false;
    this.abort = null;
    this.rooms = null; // the room list of the poll in flight
  }

  open() {
    this.active = true;
    this.loop();
  }

  async loop() {
    const client = this.client;
    while (this.active) {
      const abort = new AbortController();
      this.abort = abort;
      await client.ensureFreshToken();
      if (!this.active) return;
      const { url, rooms } = streamUrl(client, 'poll', 'cursor');
      this.rooms = rooms;
      url.searchParams.set('timeout', String(POLL_TIMEOUT_S));
      const timer = setTimeout(() => abort.abort('timeout'), POLL_TIMEOUT_S * 1000 + POLL_GRACE_MS);
      let response, batch;
      try {
        response = await fetch(url, { signal: abort.signal, cache: 'no-store' });
        batch = await response.json();
      } catch {
        if (!this.active) return;
        if (abort.signal.aborted && abort.signal.reason === 'restart') continue; // rooms changed: poll again now
        return this.lost(ABNORMAL_CLOSURE, 'poll failed');
      } finally {
        clearTimeout(timer);
      }
      if (!this.active) return;
      if (!response.ok) {
        // 400 carries an error frame (invalid user, bad token): polling again would get the same answer.
        if (REFUSED_STATUSES.has(response.status) && batch?.type === 'error') {
          this.close();
          return client.streamRefused(this, batch);
        }
        return this.lost(ABNORMAL_CLOSURE, `poll answered ${response.status}`);
      }
      // Keep the cursor before handing out frames: a handler that throws or closes must not make us re-read them.
      client.token = batch.cursor;
      const resumed = !this.up;
      const announced = new Set(batch.frames.filter(f => f.type === 'subscribed').map(f => f.room));
      for (const frame of batch.frames) client.frameArrived(this, frame);
      if (!this.active) return;
      client.established(); // a resumed poll has no welcome: an answer is proof enough
      client.roomsAnswered(rooms.split(',').filter(r => r && !announced.has(r)), resumed);
    }
  }

  /** Every poll carries the current token: nothing to do. */
  refresh() {}

  roomsChanged() {
    // Coalesced like SSE's; a poll already asking for this room set needs no restart.
    queueMicrotask(() => {
      if (this.active && streamUrl(this.client, 'poll', 'cursor').rooms !== this.rooms) this.abort?.abort('restart');
    });
  }

  lost(code, reason) {
    this.close();
    this.client.connectionLost(this, code, reason);
  }

  close() {
    this.active = false;
    this.abort?.abort('closed');
  }
}

const CONNECTIONS = { websocket: WebSocketConnection, sse: SseConnection, longpoll: LongPollConnection };
