// WebSocket fan-out: VUS subscribers spread over ROOMS rooms hold their connections; a publisher scenario posts RATE
// stamped messages a second (over POST /v1/frames, round robin over the rooms). Every subscriber of a room receives
// each of its messages: delivery latency is the fan-out's, and seq gaps show any message a subscriber missed.
//   k6 run -e SWITCHBOARD_URL=https://chat.example.com -e VUS=2000 -e ROOMS=4 -e RATE=20 -e DURATION=5m ws-fanout.js
// One user may publish MessagesPerSecondPerUser (50/s) per edge: RATE is spread over the publisher VUs' users.
import { check } from 'k6';
import { setTimeout } from 'k6/timers';
import * as sb from './lib/switchboard.js';
import { settings, thresholds, registerMetrics, identity, roomName, publishOverHttp, Session } from './lib/k6-common.js';

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    subscribers: {
      executor: 'constant-vus', exec: 'subscriber', vus: settings.vus, duration: settings.duration,
      gracefulStop: `${settings.sessionSeconds + 10}s`,
    },
    publisher: {
      executor: 'constant-arrival-rate', exec: 'publisher', rate: settings.rate, timeUnit: '1s',
      duration: settings.duration, preAllocatedVUs: Math.max(2, Math.ceil(settings.rate / 25)), startTime: '5s',
    },
  },
  thresholds: thresholds(),
};

/** This VU's logs, kept across iterations (connections): each reconnect resumes from its cursor, and is checked. */
const tracker = new sb.SeqTracker();
let published = 0;

export function subscriber() {
  registerMetrics();
  const room = roomName(__VU);
  new Session(identity('sub'), {
    onReady(session) {
      session.request((id) => sb.subscribe(room, { id, cursor: tracker.cursor(room) }), (subscribed) => {
        check(subscribed, {
          'subscribed': (f) => f.type === 'subscribed',
          'resumed without loss': (f) => f.type !== 'subscribed' || f.recovered === true,
        });
        setTimeout(() => {
          session.close();
        }, settings.sessionSeconds * 1000);
      });
    },
  }, tracker);
}

export function publisher() {
  registerMetrics();
  published++;
  publishOverHttp(roomName(published), published);
}
