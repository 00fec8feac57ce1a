// The Switchboard wire protocol (docs/protocol.md) as the load scripts speak it: frame builders and parsers, endpoint
// URLs, SSE event and long-poll batch parsing, a per-log seq-gap tracker and the delivery latency of a stamped payload.
// Pure ES module, no k6 and no Node imports: the k6 scripts import it, and test/protocol.test.mjs drives it against a
// live Switchboard over WebSocket, SSE and long-poll, so a protocol change breaks that test rather than the scripts.

/** The log key of the user's inbox in a SeqTracker (room names cannot contain a space). */
export const INBOX = 'inbox ';

// ---- Endpoints (protocol.md §1, §9, §10, §11) ----

/**
 * The edge's endpoints from its base URL (`http://host:8080` or `https://…`; a trailing slash is fine).
 * @param {string} base
 * @returns {{ ws: string, sse: string, poll: string, frames: string, live: string, ready: string }}
 */
export function endpoints(base) {
  const http = base.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(http)) throw new Error(`The Switchboard URL must start with http:// or https:// (was '${base}').`);
  const ws = http.replace(/^http/, 'ws');
  return {
    ws: `${ws}/v1/ws`,
    sse: `${http}/v1/sse`,
    poll: `${http}/v1/poll`,
    frames: `${http}/v1/frames`,
    live: `${http}/healthz/live`,
    ready: `${http}/healthz/ready`,
  };
}

/**
 * The WebSocket URL, with the access token in the query when there is one (§13; k6 and Node could send a header, but
 * the query works through every proxy and is what browsers do).
 * @param {string} base
 * @param {{ token?: string }} [options]
 */
export function webSocketUrl(base, options = {}) {
  const url = endpoints(base).ws;
  return options.token ? `${url}?access_token=${encodeURIComponent(options.token)}` : url;
}

/**
 * The SSE stream URL (§10): the user (Anonymous mode; omit with a token), its rooms, the last event id to resume from.
 * @param {string} base
 * @param {{ user?: string, rooms: string[], lastEventId?: string, token?: string }} options
 */
export function sseUrl(base, options) {
  return endpoints(base).sse + streamQuery(options.user, options.rooms, 'last_event_id', options.lastEventId, options.token);
}

/**
 * A long poll's URL (§11): `cursor` is the previous batch's (omit on the first poll); `timeout` in seconds (≤ 60).
 * @param {string} base
 * @param {{ user?: string, rooms: string[], cursor?: string, timeout?: number, token?: string }} options
 */
export function pollUrl(base, options) {
  const query = streamQuery(options.user, options.rooms, 'cursor', options.cursor, options.token);
  return endpoints(base).poll + query + (options.timeout != null ? `&timeout=${options.timeout}` : '');
}

/**
 * @param {string | undefined} user
 * @param {string[]} rooms
 * @param {string} resumeParam
 * @param {string | undefined} resume
 * @param {string | undefined} token
 */
function streamQuery(user, rooms, resumeParam, resume, token) {
  const parts = [`rooms=${rooms.map(encodeURIComponent).join(',')}`];
  if (user) parts.push(`user=${encodeURIComponent(user)}`);
  if (resume) parts.push(`${resumeParam}=${encodeURIComponent(resume)}`);
  if (token) parts.push(`access_token=${encodeURIComponent(token)}`);
  return '?' + parts.join('&');
}

/**
 * A `POST /v1/frames` request (§9) for a publish, dm, history or presence frame, ready for k6's `http.post(url, body,
 * { headers })` or Node's `fetch(url, { method: 'POST', body, headers })`. Anonymous mode names the user in
 * `X-Switchboard-User`; Jwt mode sends the token as a bearer header (never in the URL).
 * @param {string} base
 * @param {string} frame a frame built by this module
 * @param {{ user?: string, token?: string }} identity
 * @returns {{ url: string, body: string, headers: Record<string, string> }}
 */
export function framesRequest(base, frame, identity) {
  /** @type {Record<string, string>} */
  const headers = { 'Content-Type': 'application/json' };
  if (identity.user) headers['X-Switchboard-User'] = identity.user;
  if (identity.token) headers.Authorization = `Bearer ${identity.token}`;
  return { url: endpoints(base).frames, body: frame, headers };
}

// ---- Client frames (§3, §15): each builder returns the JSON text of one frame ----

/**
 * @param {{ user?: string, token?: string, inboxCursor?: number, inboxEpoch?: string, id?: string | number }} options
 */
export function hello(options) {
  return encode({ type: 'hello', id: options.id, user: options.user, token: options.token, inbox_cursor: options.inboxCursor, inbox_epoch: options.inboxEpoch });
}

/**
 * Subscribe to a room; with a cursor (and its epoch) the edge first sends what came after it (§5).
 * @param {string} room
 * @param {{ cursor?: { seq: number, epoch: string } | null, id?: string | number }} [options]
 */
export function subscribe(room, options = {}) {
  const cursor = options.cursor;
  return encode({ type: 'subscribe', id: options.id, room, cursor: cursor?.seq, epoch: cursor?.epoch });
}

/** @param {string} room @param {{ id?: string | number }} [options] */
export function unsubscribe(room, options = {}) {
  return encode({ type: 'unsubscribe', id: options.id, room });
}

/**
 * Publish `data` to a room. Always give a `cid`: a retry with it is acknowledged, not stored twice.
 * @param {string} room
 * @param {unknown} data
 * @param {{ cid?: string, id?: string | number }} [options]
 */
export function publish(room, data, options = {}) {
  return encode({ type: 'publish', id: options.id, room, cid: options.cid, data });
}

/** @param {{ id?: string | number }} [options] */
export function ping(options = {}) {
  return encode({ type: 'ping', id: options.id });
}

/**
 * Join a group call (§15): the reply is `call.joined`; the call's events arrive in its room, `callRoom(call)`.
 * @param {string} call
 * @param {{ id?: string | number }} [options]
 */
export function callJoin(call, options = {}) {
  return encode({ type: 'call.join', id: options.id, call });
}

/** @param {string} call @param {{ id?: string | number }} [options] */
export function callLeave(call, options = {}) {
  return encode({ type: 'call.leave', id: options.id, call });
}

/** The room a call's events are appended to (§15). @param {string} call */
export function callRoom(call) {
  return `call:${call}`;
}

/**
 * A frame's JSON text; fields that are undefined or null are left out (null means absent in the protocol, except for
 * `data`, which is kept as given).
 * @param {Record<string, unknown>} frame
 */
export function encode(frame) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(frame)) {
    if (value !== undefined && (value !== null || key === 'data')) out[key] = value;
  }
  return JSON.stringify(out);
}

// ---- Server frames (§4, §6) ----

/**
 * @typedef {{ type: string, id?: string | number, [field: string]: any }} Frame
 */

/**
 * One server frame from a WebSocket text message, an SSE event's data or a batch entry. Throws when it is not a JSON
 * object with a string `type`: a broken frame is a failure, never something to skip.
 * @param {string} text
 * @returns {Frame}
 */
export function parseFrame(text) {
  const frame = JSON.parse(text);
  if (frame === null || typeof frame !== 'object' || Array.isArray(frame) || typeof frame.type !== 'string') {
    throw new Error(`Not a Switchboard frame: ${String(text).slice(0, 200)}`);
  }
  return frame;
}

/**
 * Whether `frame` is the reply to the request with `id` (a reply carries its request's id, §1).
 * @param {Frame} frame
 * @param {string | number} id
 */
export function isReplyTo(frame, id) {
  return frame.id === id;
}

/** @param {Frame} frame */
export function isError(frame) {
  return frame.type === 'error';
}

/** A log entry pushed to a subscriber: a room's message, join or leave, or an inbox dm (§4). @param {Frame} frame */
export function isEntry(frame) {
  return frame.type === 'message' || frame.type === 'join' || frame.type === 'leave' || frame.type === 'dm';
}

/** The log an entry or a stream frame belongs to: its room, or INBOX. @param {Frame} frame */
export function logOf(frame) {
  return frame.type === 'dm' || frame.type === 'welcome' ? INBOX : frame.room;
}

/** A human-readable line for an error frame, for check names and failure messages. @param {Frame} frame */
export function describeError(frame) {
  return `${frame.code}: ${frame.message}`;
}

// ---- SSE (§10) ----

/**
 * A streaming `text/event-stream` reader for clients that get raw chunks (Node's fetch); k6's xk6-sse parses events
 * itself and hands them to `sseFrame` directly. Feed text as it arrives; complete events come out.
 */
export class SseReader {
  constructor() {
    this.buffer = '';
  }

  /**
   * @param {string} chunk
   * @returns {{ id?: string, data: string, comment?: string }[]}
   */
  push(chunk) {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events = [];
    let end;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      /** @type {{ id?: string, data: string, comment?: string }} */
      const event = { data: '' };
      const data = [];
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === '') event.comment = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') event.id = value;
      }
      event.data = data.join('\n');
      events.push(event);
    }
    return events;
  }
}

/**
 * The frame an SSE event carries, or null for a heartbeat (a comment, no data). Every frame is an event without an
 * `event:` name whose `id` is the resume token after it (§10).
 * @param {{ id?: string, data?: string, comment?: string }} event
 * @returns {Frame | null}
 */
export function sseFrame(event) {
  return event.data ? parseFrame(event.data) : null;
}

// ---- Long polling (§11) ----

/**
 * A poll's answer: the next cursor and the frames (welcome/subscribed for logs it starts, then entries in seq order).
 * @param {string} text
 * @returns {{ cursor: string, frames: Frame[] }}
 */
export function parseBatch(text) {
  const batch = parseFrame(text);
  if (batch.type === 'error') throw new Error(`The poll was refused: ${describeError(batch)}`);
  if (batch.type !== 'batch' || typeof batch.cursor !== 'string' || !Array.isArray(batch.frames)) {
    throw new Error(`Not a long-poll batch: ${text.slice(0, 200)}`);
  }
  return { cursor: batch.cursor, frames: batch.frames };
}

// ---- Ordering: seq gaps per log (§1 delivery guarantees, §5 cursors) ----

/**
 * Follows every log a client receives (rooms and its inbox) and counts what the protocol promises never happens: a
 * gap (an entry whose seq is more than one past the last) or a repeat (a seq not above the last). A log starts at a
 * `subscribed` (or `welcome` for the inbox): entries after its `seq` follow. `cursor(log)` is what to resume from.
 */
export class SeqTracker {
  constructor() {
    /** @type {Map<string, { seq: number, epoch: string }>} */
    this.logs = new Map();
    this.gaps = 0;
    this.missing = 0;
    this.repeats = 0;
    this.entries = 0;
    /** @type {string[]} */
    this.problems = [];
  }

  /**
   * Takes in any server frame and says what it meant for ordering: `gap` is the number of entries skipped before it
   * (0 when in order), `repeat` whether it was seen before. Frames that are not starts or entries change nothing.
   * @param {Frame} frame
   * @returns {{ gap: number, repeat: boolean }}
   */
  observe(frame) {
    if (frame.type === 'subscribed') {
      this.start(frame.room, frame.seq, frame.epoch, frame.recovered);
    } else if (frame.type === 'welcome' && frame.inbox) {
      this.start(INBOX, frame.inbox.seq, frame.inbox.epoch, frame.inbox.recovered);
    } else if (isEntry(frame)) {
      return this.entry(logOf(frame), frame.seq);
    }
    return { gap: 0, repeat: false };
  }

  /**
   * @param {string} log
   * @param {number} seq
   * @param {string} epoch
   * @param {boolean} recovered false when the edge could not honour the cursor: entries were lost for good (§5)
   */
  start(log, seq, epoch, recovered) {
    const known = this.logs.get(log);
    if (known && recovered === false) {
      this.gaps++;
      this.problems.push(`${log}: resumed from ${known.seq} not recovered (now ${seq}, epoch ${epoch})`);
    } else if (known && known.epoch === epoch && seq !== known.seq) {
      // A resumed stream must start exactly where we were.
      const gap = seq > known.seq ? 1 : 0;
      this.gaps += gap;
      this.problems.push(`${log}: resumed at ${seq}, expected ${known.seq}`);
    }
    this.logs.set(log, { seq, epoch });
  }

  /** @param {string} log @param {number} seq */
  entry(log, seq) {
    const known = this.logs.get(log);
    if (!known) {
      this.problems.push(`${log}: entry ${seq} before its subscribed/welcome`);
      this.gaps++;
      this.logs.set(log, { seq, epoch: '' });
      return { gap: 1, repeat: false };
    }
    this.entries++;
    if (seq <= known.seq) {
      this.repeats++;
      this.problems.push(`${log}: entry ${seq} again (last ${known.seq})`);
      return { gap: 0, repeat: true };
    }
    const skipped = seq - known.seq - 1;
    if (skipped > 0) {
      this.gaps++;
      this.missing += skipped;
      this.problems.push(`${log}: ${skipped} entries missing before ${seq}`);
    }
    known.seq = seq;
    return { gap: skipped, repeat: false };
  }

  /** The cursor to resume `log` from after a reconnect (§5), or null when it was never started. @param {string} log */
  cursor(log) {
    const known = this.logs.get(log);
    return known ? { seq: known.seq, epoch: known.epoch } : null;
  }
}

// ---- Delivery latency: the publisher stamps the payload ----

/**
 * A payload that carries its send time (Unix ms, the publishing client's clock) and who sent it, so a receiver on the
 * same clock — the same k6 process, or the same machine — can measure delivery latency end to end.
 * @param {string} sender
 * @param {number} n the sender's running number (also makes the cid)
 * @param {number} now
 * @param {Record<string, unknown>} [extra]
 */
export function stampedPayload(sender, n, now, extra = {}) {
  return { ...extra, sb_sender: sender, sb_n: n, sb_sent: now };
}

/** A client message id unique per sender and message, so retries dedupe (§2). @param {string} sender @param {number} n */
export function clientMessageId(sender, n) {
  return `${sender}-${n}`;
}

/**
 * Milliseconds from the publisher's stamp to `now`, or null when the entry carries no stamp (joins, leaves, other
 * publishers' payloads).
 * @param {Frame} frame
 * @param {number} now
 */
export function deliveryLatency(frame, now) {
  const sent = frame.type === 'message' || frame.type === 'dm' ? frame.data?.sb_sent : undefined;
  return typeof sent === 'number' ? now - sent : null;
}

// ---- Calls (§15) ----

/**
 * The call event a `call:` room message carries (`participant_joined`, `participant_left`, `track_added`,
 * `track_removed`), or null for any other frame.
 * @param {Frame} frame
 * @returns {{ event: string, participant?: string, user?: string, reason?: string, version?: number, [field: string]: any } | null}
 */
export function callEvent(frame) {
  if (frame.type !== 'message' || typeof frame.room !== 'string' || !frame.room.startsWith('call:')) return null;
  const data = frame.data;
  return data && typeof data.event === 'string' ? data : null;
}
