// Server-Sent Events: VUS streams (xk6-sse) spread over ROOMS rooms, each open for SESSION_SECONDS and then reopened
// with its last event id (the resume token), while a publisher scenario posts RATE stamped messages a second over
// POST /v1/frames. Needs a k6 built with the xk6-sse extension (deploy/k6/README.md).
//   ./k6 run -e SWITCHBOARD_URL=https://chat.example.com -e VUS=1000 -e ROOMS=10 -e RATE=20 -e DURATION=5m sse.js
import { check } from 'k6';
import sse from 'k6/x/sse';
import * as sb from './lib/switchboard.js';
import { settings, thresholds, registerMetrics, identity, roomName, publishOverHttp, connectTime, record } from './lib/k6-common.js';

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    streams: { executor: 'constant-vus', exec: 'stream', vus: settings.vus, duration: settings.duration, gracefulStop: `${settings.sessionSeconds + 20}s` },
    publisher: {
      executor: 'constant-arrival-rate', exec: 'publisher', rate: settings.rate, timeUnit: '1s',
      duration: settings.duration, preAllocatedVUs: Math.max(2, Math.ceil(settings.rate / 25)), startTime: '5s',
    },
  },
  thresholds: thresholds(),
};

/** This VU's logs and resume token, kept across its streams. */
const tracker = new sb.SeqTracker();
let lastEventId = /** @type {string | undefined} */ (undefined);
let published = 0;

export function stream() {
  registerMetrics();
  const who = identity('sse');
  const started = Date.now();
  // xk6-sse blocks the VU while the stream is open, so the session ends at the first event after its time is up
  // (the edge sends a heartbeat comment every 15 s when the room is quiet).
  const until = started + settings.sessionSeconds * 1000;
  const url = sb.sseUrl(settings.url, { user: who.user, rooms: [roomName(__VU)], lastEventId, token: who.token });
  let closing = false;
  const response = sse.open(url, { tags: { name: 'sse' } }, (client) => {
    client.on('open', () => connectTime.add(Date.now() - started));
    client.on('event', (event) => {
      const frame = sb.sseFrame(event);
      if (frame) {
        lastEventId = event.id;
        record(tracker, frame);
        check(frame, {
          'stream resumed without loss': (f) => f.type !== 'subscribed' || f.recovered === true,
          'stream not closed by the edge': (f) => f.type !== 'close',
        });
      }
      if (Date.now() >= until && !closing) {
        closing = true;
        client.close();
      }
    });
    client.on('error', (e) => {
      // Closing the stream ourselves may surface as a read error: that one is not the edge's.
      if (closing) return;
      check(e, { 'no SSE error': () => false });
      closing = true;
      client.close();
    });
  });
  check(response, { 'stream opened (200)': (r) => r.status === 200 });
}

export function publisher() {
  registerMetrics();
  published++;
  publishOverHttp(roomName(published), published);
}
