// Long polling: VUS pollers spread over ROOMS rooms, each polling again with the previous answer's cursor (a poll is
// held up to POLL_TIMEOUT seconds when nothing is new), while a publisher scenario posts RATE stamped messages a second
// over POST /v1/frames.
//   k6 run -e SWITCHBOARD_URL=https://chat.example.com -e VUS=500 -e ROOMS=10 -e RATE=20 -e DURATION=5m longpoll.js
import { check } from 'k6';
import http from 'k6/http';
import * as sb from './lib/switchboard.js';
import { settings, thresholds, registerMetrics, identity, roomName, publishOverHttp, connectTime, record } from './lib/k6-common.js';

const POLL_TIMEOUT = Number(__ENV.POLL_TIMEOUT || 25);

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    pollers: { executor: 'constant-vus', exec: 'poller', vus: settings.vus, duration: settings.duration, gracefulStop: `${POLL_TIMEOUT + 10}s` },
    publisher: {
      executor: 'constant-arrival-rate', exec: 'publisher', rate: settings.rate, timeUnit: '1s',
      duration: settings.duration, preAllocatedVUs: Math.max(2, Math.ceil(settings.rate / 25)), startTime: '5s',
    },
  },
  // A held poll re-reads its logs every 250 ms, so delivery waits up to that long on top of the rest.
  thresholds: thresholds({ latencyP95Ms: 600 }),
};

/** This VU's logs and poll cursor: every poll (iteration) continues from the previous one. */
const tracker = new sb.SeqTracker();
let cursor = /** @type {string | undefined} */ (undefined);
let published = 0;

export function poller() {
  registerMetrics();
  const who = identity('poll');
  const first = cursor === undefined;
  const url = sb.pollUrl(settings.url, { user: who.user, rooms: [roomName(__VU)], cursor, timeout: POLL_TIMEOUT, token: who.token });
  const response = http.get(url, { timeout: `${POLL_TIMEOUT + 15}s`, tags: { name: 'poll' } });
  const ok = check(response, { 'poll answered (200)': (r) => r.status === 200 && typeof r.body === 'string' });
  if (!ok || typeof response.body !== 'string') return;
  // The first poll starts each log and answers at once: it stands for the connection.
  if (first) connectTime.add(response.timings.duration);
  const batch = sb.parseBatch(response.body);
  for (const frame of batch.frames) {
    record(tracker, frame);
    check(frame, { 'poll resumed without loss': (f) => f.type !== 'subscribed' || first || f.recovered === true });
  }
  cursor = batch.cursor;
}

export function publisher() {
  registerMetrics();
  published++;
  publishOverHttp(roomName(published), published);
}
