// What every k6 script shares: its settings from __ENV, the four measures its thresholds judge, and a WebSocket session
// built on the protocol module. Only this file and the scripts import k6; lib/switchboard.js stays plain.
import { check } from 'k6';
import http from 'k6/http';
import { Counter, Trend } from 'k6/metrics';
import { WebSocket } from 'k6/websockets';
import * as sb from './switchboard.js';

/** Told apart from earlier runs in the cids, so a rerun within the dedupe window (5 min) is not taken for a retry. */
const RUN = Date.now().toString(36);

/** Tokens for Jwt mode, one per VU (round robin), read in the init context: a JSON array of strings. */
const TOKENS = __ENV.TOKENS_FILE ? /** @type {string[]} */ (JSON.parse(open(__ENV.TOKENS_FILE))) : null;

/**
 * The run's settings, all from the environment (`k6 run -e NAME=value`), with defaults for a local edge.
 * Anonymous edges take the user from the frames; Jwt edges need TOKEN (every VU the same user) or TOKENS_FILE.
 */
export const settings = Object.freeze({
  url: __ENV.SWITCHBOARD_URL || 'http://127.0.0.1:8080',
  vus: int('VUS', 50),
  duration: __ENV.DURATION || '1m',
  rooms: int('ROOMS', 10),
  /** Prefix of every room and user name, so runs do not mix (names: A-Z a-z 0-9 _ - . : @). */
  prefix: __ENV.PREFIX || 'k6',
  /** How long one connection lives before the VU reconnects (and resumes), in seconds. */
  sessionSeconds: int('SESSION_SECONDS', 30),
  /** Messages per second over all publishers (arrival rate) in the fan-out, SSE and long-poll scripts. */
  rate: int('RATE', 20),
  /** Milliseconds between one chat VU's messages. */
  publishIntervalMs: int('PUBLISH_INTERVAL_MS', 2000),
  token: __ENV.TOKEN || '',
});

/** Time from asking for a connection (WebSocket, SSE stream, first poll, call.join) to its being usable, in ms. */
export const connectTime = new Trend('switchboard_connect_time', true);

/** Time from the publisher's stamp in the payload (same k6 process, same clock) to its arrival, in ms. */
export const deliveryLatency = new Trend('switchboard_delivery_latency', true);

/** Entries missing (a gap in a log's seqs) or seen twice: the protocol promises neither; must stay 0. */
export const seqGaps = new Counter('switchboard_seq_gaps');

/**
 * The thresholds every script is judged by; each bound can be moved with an environment variable, and a script can
 * change the default of one that its transport cannot meet (a long poll re-reads its logs every 250 ms).
 * @param {{ connectP95Ms?: number, latencyP95Ms?: number }} [defaults]
 * @returns {Record<string, string[]>}
 */
export function thresholds(defaults = {}) {
  return {
    switchboard_connect_time: [`p(95)<${int('CONNECT_P95_MS', defaults.connectP95Ms ?? 1000)}`],
    switchboard_delivery_latency: [`p(95)<${int('LATENCY_P95_MS', defaults.latencyP95Ms ?? 250)}`],
    switchboard_seq_gaps: ['count==0'],
    checks: [`rate>${__ENV.CHECKS_RATE || '0.99'}`],
  };
}

/**
 * Records what one received frame means: its delivery latency when stamped, and any gap or repeat in its log.
 * @param {sb.SeqTracker} tracker
 * @param {sb.Frame} frame
 */
export function record(tracker, frame) {
  const { gap, repeat } = tracker.observe(frame);
  if (gap > 0 || repeat) seqGaps.add(gap > 0 ? gap : 1, { log: String(sb.logOf(frame)) });
  const latency = sb.deliveryLatency(frame, Date.now());
  if (latency !== null) deliveryLatency.add(latency);
}

/** A counter that was never added to has no value for its threshold: every VU adds 0 once so `count==0` is judged. */
export function registerMetrics() {
  seqGaps.add(0);
}

/** The user name of this VU (Anonymous mode) and its token (Jwt mode), if any. @param {string} role */
export function identity(role) {
  const token = TOKENS ? TOKENS[(__VU - 1) % TOKENS.length] : settings.token;
  return { user: token ? undefined : `${settings.prefix}-${role}-${__VU}`, token: token || undefined };
}

/** The i-th room of this run. @param {number} i */
export function roomName(i) {
  return `${settings.prefix}-room-${i % settings.rooms}`;
}

/**
 * One WebSocket connection speaking the protocol: hello on open, every frame parsed, recorded (latency, seq gaps) and
 * handed to `onFrame`; `request` correlates a reply with its request by id.
 */
export class Session {
  /**
   * @param {{ user?: string, token?: string }} who
   * @param {{ onReady: (session: Session) => void, onFrame?: (frame: sb.Frame, session: Session) => void }} handlers
   * @param {sb.SeqTracker} [tracker] the VU's tracker, kept across its connections so a resume is checked too
   */
  constructor(who, handlers, tracker = new sb.SeqTracker()) {
    this.tracker = tracker;
    this.nextId = 1;
    /** @type {Map<number, (reply: sb.Frame) => void>} */
    this.pending = new Map();
    const started = Date.now();
    this.ws = new WebSocket(sb.webSocketUrl(settings.url, { token: who.token }));
    this.ws.onopen = () => {
      // The inbox resumes too (no dm missed between connections), from the tracker's cursor.
      const inbox = tracker.cursor(sb.INBOX);
      this.request((id) => sb.hello({ user: who.user, token: who.token, inboxCursor: inbox?.seq, inboxEpoch: inbox?.epoch, id }), (welcome) => {
        connectTime.add(Date.now() - started);
        if (check(welcome, { 'hello is welcomed': (f) => f.type === 'welcome' })) handlers.onReady(this);
        else this.close();
      });
    };
    this.ws.onmessage = (event) => {
      if (!event || typeof event.data !== 'string') {
        check(null, { 'frames are text': () => false });
        return;
      }
      const frame = sb.parseFrame(event.data);
      record(this.tracker, frame);
      const reply = frame.id !== undefined ? this.pending.get(Number(frame.id)) : undefined;
      if (reply) {
        this.pending.delete(Number(frame.id));
        reply(frame);
      } else if (handlers.onFrame) {
        handlers.onFrame(frame, this);
      }
    };
    this.ws.onerror = (event) => {
      check(event, { 'no WebSocket error': () => false });
    };
  }

  /**
   * Sends the frame `build(id)` makes and calls `onReply` with its reply.
   * @param {(id: number) => string} build
   * @param {(reply: sb.Frame) => void} onReply
   */
  request(build, onReply) {
    const id = this.nextId++;
    this.pending.set(id, onReply);
    this.ws.send(build(id));
  }

  close() {
    this.ws.close();
  }
}

/**
 * A stamped publish of this VU's n-th message, with a cid unique to this run.
 * @param {string} room
 * @param {number} n
 * @param {number} [id] the request id, when the reply is awaited on a WebSocket
 */
export function stampedPublish(room, n, id) {
  const sender = `${settings.prefix}-${__VU}`;
  return sb.publish(room, sb.stampedPayload(sender, n, Date.now()), { id, cid: sb.clientMessageId(`${sender}.${RUN}`, n) });
}

/**
 * Publishes one stamped message over `POST /v1/frames` (stateless: any edge serves it) and checks its ack.
 * @param {string} room
 * @param {number} n
 */
export function publishOverHttp(room, n) {
  const request = sb.framesRequest(settings.url, stampedPublish(room, n), identity('pub'));
  const response = http.post(request.url, request.body, { headers: request.headers, tags: { name: 'publish' } });
  check(response, {
    'publish is acknowledged': (r) => r.status === 200 && typeof r.body === 'string' && sb.parseFrame(r.body).type === 'ack',
  });
}

/** @param {string} name @param {number} fallback */
function int(name, fallback) {
  const value = __ENV[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number (was '${value}').`);
  return parsed;
}
