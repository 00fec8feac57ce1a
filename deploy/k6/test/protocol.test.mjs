// Drives lib/switchboard.js — the protocol module every k6 script is built on — against a live Switchboard at
// SWITCHBOARD_URL (an edge in Anonymous mode), over WebSocket (the `ws` package), SSE and long-poll (fetch), the way
// the scripts use it: publish, receive in order without gaps, resume after a reconnect with the cursor, call.join and
// call.leave. tests/Switchboard.Tests/Deploy/K6ProtocolModuleTests.cs starts the edge and runs this file.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import * as sb from '../lib/switchboard.js';

const BASE = process.env.SWITCHBOARD_URL;
if (!BASE) throw new Error('SWITCHBOARD_URL is not set: point it at a running Switchboard edge (Anonymous mode), e.g. http://127.0.0.1:8080');

const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
const WAIT_MS = 15000;

// Whatever a test opened (sockets, streams) is closed after it, passed or failed, so the run ends on its own.
/** @type {Set<() => unknown>} */
const cleanups = new Set();
afterEach(async () => {
  for (const cleanup of [...cleanups]) await cleanup();
  cleanups.clear();
});

/** A WebSocket connection that parses every frame with the module and feeds it to a SeqTracker as it arrives. */
class Connection {
  /** @param {string} user @param {sb.SeqTracker} tracker */
  static async open(user, tracker = new sb.SeqTracker()) {
    const ws = new WebSocket(sb.webSocketUrl(BASE));
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const connection = new Connection(ws, tracker);
    cleanups.add(() => connection.close());
    connection.welcome = await connection.request((id) => sb.hello({ user, id }));
    assert.equal(connection.welcome.type, 'welcome', JSON.stringify(connection.welcome));
    assert.equal(connection.welcome.user, user);
    return connection;
  }

  /** @param {WebSocket} ws @param {sb.SeqTracker} tracker */
  constructor(ws, tracker) {
    this.ws = ws;
    this.tracker = tracker;
    /** @type {sb.Frame[]} */
    this.buffer = [];
    /** @type {(() => void)[]} */
    this.waiting = [];
    this.nextId = 1;
    ws.on('message', (data, isBinary) => {
      assert.equal(isBinary, false, 'the server sends text frames only');
      const frame = sb.parseFrame(data.toString());
      tracker.observe(frame);
      this.buffer.push(frame);
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  /** Sends the frame `build(id)` makes and resolves with its reply (an error frame included). */
  async request(build) {
    const id = this.nextId++;
    this.ws.send(build(id));
    return this.take((f) => sb.isReplyTo(f, id), `the reply to request ${id}`);
  }

  /** Removes and returns the first frame received (or still to come) that matches. */
  async take(predicate, what) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const at = this.buffer.findIndex(predicate);
      if (at >= 0) return this.buffer.splice(at, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}; received: ${JSON.stringify(this.buffer).slice(0, 2000)}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.push(() => { clearTimeout(timer); resolve(undefined); });
      });
    }
  }

  async close() {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.ws.once('close', resolve));
    this.ws.close(1000);
    await closed;
  }
}

/** The stamped messages of `sender` numbered `from`..`to`, in the order they must arrive. */
function numbers(from, to) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Messages of one sender in a list of frames, by their running number. */
function stampedBy(frames, sender) {
  return frames.filter((f) => f.type === 'message' && f.data?.sb_sender === sender);
}

async function postFrame(user, frame) {
  const request = sb.framesRequest(BASE, frame, { user });
  const response = await fetch(request.url, { method: 'POST', body: request.body, headers: request.headers });
  const reply = sb.parseFrame(await response.text());
  return { status: response.status, reply };
}

/** Publishes `sender`'s stamped messages `from`..`to` over POST /v1/frames and checks every ack. */
async function publishOverHttp(sender, room, from, to) {
  for (const n of numbers(from, to)) {
    const { status, reply } = await postFrame(sender, sb.publish(room, sb.stampedPayload(sender, n, Date.now()), { cid: sb.clientMessageId(sender, n) }));
    assert.equal(status, 200, JSON.stringify(reply));
    assert.equal(reply.type, 'ack');
    assert.equal(reply.room, room);
    assert.equal(reply.duplicate, false);
  }
}

function assertInOrder(tracker) {
  assert.deepEqual(tracker.problems, [], 'seq gaps or repeats');
  assert.equal(tracker.gaps, 0);
  assert.equal(tracker.repeats, 0);
}

test('WebSocket: published messages arrive in order without gaps, carry their latency stamp, and a reconnect resumes by cursor', async () => {
  const room = `k6t-${RUN}-ws`;
  const sender = `pub-${RUN}`;
  const tracker = new sb.SeqTracker();
  let reader = await Connection.open(`sub-${RUN}`, tracker);
  const subscribed = await reader.request((id) => sb.subscribe(room, { id }));
  assert.equal(subscribed.type, 'subscribed', JSON.stringify(subscribed));
  assert.equal(subscribed.recovered, true);

  const writer = await Connection.open(sender);
  let lastSeq = 0;
  for (const n of numbers(1, 20)) {
    const ack = await writer.request((id) => sb.publish(room, sb.stampedPayload(sender, n, Date.now()), { id, cid: sb.clientMessageId(sender, n) }));
    assert.equal(ack.type, 'ack', JSON.stringify(ack));
    assert.ok(ack.seq > lastSeq, 'acks come with growing seqs');
    lastSeq = ack.seq;
  }

  const received = [];
  for (const n of numbers(1, 20)) {
    const message = await reader.take((f) => f.type === 'message' && f.data?.sb_n === n, `message ${n}`);
    const latency = sb.deliveryLatency(message, Date.now());
    assert.ok(latency !== null && latency >= 0 && latency < WAIT_MS, `latency ${latency}`);
    assert.equal(message.cid, sb.clientMessageId(sender, n));
    received.push(message);
  }
  assert.deepEqual(received.map((m) => m.data.sb_n), numbers(1, 20));
  assert.equal(received.at(-1).seq, lastSeq);
  assertInOrder(tracker);

  // The same cid again is acknowledged with the first seq and stores nothing.
  const retry = await writer.request((id) => sb.publish(room, sb.stampedPayload(sender, 20, Date.now()), { id, cid: sb.clientMessageId(sender, 20) }));
  assert.equal(retry.type, 'ack');
  assert.equal(retry.duplicate, true);
  assert.equal(retry.seq, lastSeq);

  // Away for a while: what was published meanwhile arrives first after resuming from the cursor, once each.
  const cursor = tracker.cursor(room);
  assert.ok(cursor && cursor.seq === lastSeq && cursor.epoch === subscribed.epoch);
  await reader.close();
  for (const n of numbers(21, 25)) {
    const ack = await writer.request((id) => sb.publish(room, sb.stampedPayload(sender, n, Date.now()), { id, cid: sb.clientMessageId(sender, n) }));
    assert.equal(ack.type, 'ack');
  }
  reader = await Connection.open(`sub-${RUN}`, tracker);
  const resumed = await reader.request((id) => sb.subscribe(room, { id, cursor }));
  assert.equal(resumed.type, 'subscribed');
  assert.equal(resumed.recovered, true);
  assert.equal(resumed.seq, cursor.seq);
  for (const n of numbers(21, 25)) await reader.take((f) => f.type === 'message' && f.data?.sb_n === n, `missed message ${n}`);
  assertInOrder(tracker);
  assert.ok(tracker.entries >= 25);
  await Promise.all([reader.close(), writer.close()]);
});

test('SSE: frames parse from the event stream in order, and reopening with the last event id resumes every log', async () => {
  const room = `k6t-${RUN}-sse`;
  const sender = `pub-${RUN}`;
  const tracker = new sb.SeqTracker();

  /** Opens the stream and collects its frames (and the last event id) until aborted. */
  async function open(lastEventId) {
    const abort = new AbortController();
    const response = await fetch(sb.sseUrl(BASE, { user: `sse-${RUN}`, rooms: [room], lastEventId }), {
      headers: { Accept: 'text/event-stream' }, signal: abort.signal,
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const stream = { frames: [], lastEventId, abort, done: null };
    cleanups.add(() => abort.abort());
    const reader = new sb.SseReader();
    const decoder = new TextDecoder();
    stream.done = (async () => {
      try {
        for await (const chunk of response.body) {
          for (const event of reader.push(decoder.decode(chunk, { stream: true }))) {
            const frame = sb.sseFrame(event);
            if (!frame) continue;
            assert.ok(event.id, 'every frame event carries the resume token as its id');
            stream.lastEventId = event.id;
            tracker.observe(frame);
            stream.frames.push(frame);
          }
        }
      } catch (error) {
        if (error.name !== 'AbortError') throw error;
      }
    })();
    return stream;
  }

  async function until(stream, predicate, what) {
    const deadline = Date.now() + WAIT_MS;
    while (!stream.frames.some(predicate)) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; got ${JSON.stringify(stream.frames).slice(0, 2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  let stream = await open(undefined);
  await until(stream, (f) => f.type === 'subscribed' && f.room === room, 'subscribed');
  assert.ok(stream.frames.some((f) => f.type === 'welcome'));
  await publishOverHttp(sender, room, 1, 10);
  await until(stream, (f) => f.data?.sb_n === 10, 'message 10');
  assert.deepEqual(stampedBy(stream.frames, sender).map((f) => f.data.sb_n), numbers(1, 10));
  for (const message of stampedBy(stream.frames, sender)) assert.ok(sb.deliveryLatency(message, Date.now()) >= 0);
  assertInOrder(tracker);

  const resumeFrom = stream.lastEventId;
  stream.abort.abort();
  await stream.done;
  await publishOverHttp(sender, room, 11, 15);

  stream = await open(resumeFrom);
  await until(stream, (f) => f.data?.sb_n === 15, 'message 15 after resuming');
  const resumed = stream.frames.find((f) => f.type === 'subscribed');
  assert.equal(resumed.recovered, true);
  assert.deepEqual(stampedBy(stream.frames, sender).map((f) => f.data.sb_n), numbers(11, 15));
  assertInOrder(tracker);
  stream.abort.abort();
  await stream.done;
});

test('Long-poll: the first poll starts each log, later polls return the entries after the cursor in order', async () => {
  const room = `k6t-${RUN}-poll`;
  const sender = `pub-${RUN}`;
  const user = `poll-${RUN}`;
  const tracker = new sb.SeqTracker();
  const poll = async (cursor, timeout) => {
    const response = await fetch(sb.pollUrl(BASE, { user, rooms: [room], cursor, timeout }));
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const batch = sb.parseBatch(text);
    for (const frame of batch.frames) tracker.observe(frame);
    return batch;
  };

  let batch = await poll(undefined, 0);
  assert.deepEqual(batch.frames.map((f) => f.type).sort(), ['subscribed', 'welcome']);
  await publishOverHttp(sender, room, 1, 12);
  const messages = [];
  const deadline = Date.now() + WAIT_MS;
  while (messages.length < 12 && Date.now() < deadline) {
    batch = await poll(batch.cursor, 5);
    messages.push(...stampedBy(batch.frames, sender));
  }
  assert.deepEqual(messages.map((m) => m.data.sb_n), numbers(1, 12));
  assertInOrder(tracker);

  // Nothing new: a poll with a zero timeout answers at once, with no frames and the same cursor.
  const idle = await poll(batch.cursor, 0);
  assert.deepEqual(idle.frames, []);
  assert.equal(idle.cursor, batch.cursor);
});

test('Call signaling: call.join and call.leave are answered, and the call room tells every participant in order', async () => {
  const call = `k6t-${RUN}-call`;
  const room = sb.callRoom(call);
  const aliceTracker = new sb.SeqTracker();
  const alice = await Connection.open(`alice-${RUN}`, aliceTracker);
  const bob = await Connection.open(`bob-${RUN}`);
  for (const c of [alice, bob]) assert.equal((await c.request((id) => sb.subscribe(room, { id }))).type, 'subscribed');

  const aliceJoined = await alice.request((id) => sb.callJoin(call, { id }));
  assert.equal(aliceJoined.type, 'call.joined', JSON.stringify(aliceJoined));
  assert.equal(aliceJoined.room, room);
  const bobJoined = await bob.request((id) => sb.callJoin(call, { id }));
  assert.equal(bobJoined.type, 'call.joined');
  assert.ok(bobJoined.version > aliceJoined.version);
  assert.deepEqual(bobJoined.participants.map((p) => p.participant).sort(), [aliceJoined.participant, bobJoined.participant].sort());

  const joined = await alice.take((f) => sb.callEvent(f)?.event === 'participant_joined' && sb.callEvent(f)?.participant === bobJoined.participant, "bob's participant_joined");
  assert.equal(sb.callEvent(joined).user, `bob-${RUN}`);
  const left = await bob.request((id) => sb.callLeave(call, { id }));
  assert.equal(left.type, 'call.left');
  const leftEvent = sb.callEvent(await alice.take((f) => sb.callEvent(f)?.event === 'participant_left', "bob's participant_left"));
  assert.equal(leftEvent.participant, bobJoined.participant);
  assert.equal(leftEvent.reason, 'left');
  assert.ok(leftEvent.version > bobJoined.version);

  const again = await bob.request((id) => sb.callLeave(call, { id }));
  assert.ok(sb.isError(again));
  assert.equal(again.code, 'not_in_call');
  assertInOrder(aliceTracker);
  await Promise.all([alice.close(), bob.close()]);
});

test('Errors: refused requests come back as error frames the module recognises, and broken frames throw', async () => {
  const client = await Connection.open(`err-${RUN}`);
  const badRoom = await client.request((id) => sb.publish('not a room', 'x', { id }));
  assert.ok(sb.isError(badRoom));
  assert.equal(badRoom.code, 'invalid_room');
  assert.match(sb.describeError(badRoom), /^invalid_room: /);
  const intoCall = await client.request((id) => sb.publish(sb.callRoom(`k6t-${RUN}-x`), 'x', { id }));
  assert.equal(intoCall.code, 'permission_denied');
  const pong = await client.request((id) => sb.ping({ id }));
  assert.equal(pong.type, 'pong');
  await client.close();

  const { status, reply } = await postFrame(`err-${RUN}`, sb.publish('not a room', 'x'));
  assert.equal(status, 400);
  assert.equal(reply.code, 'invalid_room');
  const refusedPoll = await fetch(sb.pollUrl(BASE, { rooms: ['lobby'], timeout: 0 }));
  assert.equal(refusedPoll.status, 400);
  assert.throws(() => sb.parseBatch(JSON.stringify({ type: 'error', code: 'missing_field', message: 'm' })), /missing_field/);
  assert.throws(() => sb.parseFrame('[1,2]'), /Not a Switchboard frame/);
});

test('SeqTracker counts gaps, repeats and unrecovered resumes (what the seq_gaps metric reports)', () => {
  const tracker = new sb.SeqTracker();
  tracker.observe({ type: 'subscribed', room: 'r', seq: 4, epoch: 'e', recovered: true });
  assert.deepEqual(tracker.observe({ type: 'message', room: 'r', seq: 5 }), { gap: 0, repeat: false });
  assert.deepEqual(tracker.observe({ type: 'message', room: 'r', seq: 8 }), { gap: 2, repeat: false });
  assert.deepEqual(tracker.observe({ type: 'join', room: 'r', seq: 8 }), { gap: 0, repeat: true });
  tracker.observe({ type: 'subscribed', room: 'r', seq: 20, epoch: 'e', recovered: false });
  assert.equal(tracker.gaps, 2);
  assert.equal(tracker.missing, 2);
  assert.equal(tracker.repeats, 1);
  assert.deepEqual(tracker.cursor('r'), { seq: 20, epoch: 'e' });
});
