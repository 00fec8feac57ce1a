// WebSocket chat: every VU is a chat user in one of ROOMS rooms, subscribed and publishing a stamped message every
// PUBLISH_INTERVAL_MS; it receives everyone's messages in its room. After SESSION_SECONDS it disconnects and the next
// iteration reconnects, resuming the room from its cursor (nothing missed, nothing twice).
//   k6 run -e SWITCHBOARD_URL=https://chat.example.com -e VUS=500 -e ROOMS=50 -e DURATION=5m ws-chat.js
import { check } from 'k6';
import { setInterval, clearInterval, setTimeout } from 'k6/timers';
import * as sb from './lib/switchboard.js';
import { settings, thresholds, registerMetrics, identity, roomName, stampedPublish, Session } from './lib/k6-common.js';

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    chat: { executor: 'constant-vus', vus: settings.vus, duration: settings.duration, gracefulStop: `${settings.sessionSeconds + 10}s` },
  },
  thresholds: thresholds(),
};

/** This VU's logs, kept across iterations (connections): each reconnect resumes from its cursor, and is checked. */
const tracker = new sb.SeqTracker();
let sent = 0;

export default function () {
  registerMetrics();
  const room = roomName(__VU);
  new Session(identity('chat'), {
    onReady(session) {
      session.request((id) => sb.subscribe(room, { id, cursor: tracker.cursor(room) }), (subscribed) => {
        check(subscribed, {
          'subscribed': (f) => f.type === 'subscribed',
          'resumed without loss': (f) => f.type !== 'subscribed' || f.recovered === true,
        });
        const timer = setInterval(() => {
          session.request((id) => stampedPublish(room, ++sent, id), (ack) => {
            check(ack, { 'publish is acknowledged': (f) => f.type === 'ack' });
          });
        }, settings.publishIntervalMs);
        setTimeout(() => {
          clearInterval(timer);
          session.close();
        }, settings.sessionSeconds * 1000);
      });
    },
  }, tracker);
}
