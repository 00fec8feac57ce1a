// Call signaling: VUs form calls of CALL_SIZE participants; each iteration a VU connects, subscribes to its call's room,
// joins (call.join), stays HOLD_SECONDS while the others come and go, and leaves (call.leave). No media flows: this
// measures the call grains and the signaling path. Delivery latency is the time from sending call.join to this
// participant's own participant_joined event arriving in the call room.
//   k6 run -e SWITCHBOARD_URL=https://chat.example.com -e VUS=300 -e CALL_SIZE=6 -e DURATION=5m call-signaling.js
import { check } from 'k6';
import { setTimeout } from 'k6/timers';
import { Trend } from 'k6/metrics';
import * as sb from './lib/switchboard.js';
import { settings, thresholds, registerMetrics, identity, deliveryLatency, Session } from './lib/k6-common.js';

const CALL_SIZE = Number(__ENV.CALL_SIZE || 4);
const HOLD_SECONDS = Number(__ENV.HOLD_SECONDS || 10);

/** Time from call.join to its call.joined reply, in ms. */
const joinTime = new Trend('switchboard_call_join_time', true);

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    participants: { executor: 'constant-vus', vus: settings.vus, duration: settings.duration, gracefulStop: `${HOLD_SECONDS + 10}s` },
  },
  thresholds: { ...thresholds(), switchboard_call_join_time: [`p(95)<${__ENV.JOIN_P95_MS || 500}`] },
};

const tracker = new sb.SeqTracker();

export default function () {
  registerMetrics();
  const call = `${settings.prefix}-call-${Math.floor((__VU - 1) / CALL_SIZE)}`;
  const room = sb.callRoom(call);
  /** @type {string | null} */
  let participant = null;
  let joinSent = 0;
  new Session(identity('call'), {
    onReady(session) {
      session.request((id) => sb.subscribe(room, { id, cursor: tracker.cursor(room) }), (subscribed) => {
        check(subscribed, { 'subscribed to the call room': (f) => f.type === 'subscribed' });
        joinSent = Date.now();
        session.request((id) => sb.callJoin(call, { id }), (joined) => {
          joinTime.add(Date.now() - joinSent);
          if (!check(joined, { 'call joined': (f) => f.type === 'call.joined' })) {
            session.close();
            return;
          }
          participant = joined.participant;
          setTimeout(() => {
            session.request((id) => sb.callLeave(call, { id }), (left) => {
              check(left, { 'call left': (f) => f.type === 'call.left' });
              session.close();
            });
          }, HOLD_SECONDS * 1000);
        });
      });
    },
    onFrame(frame) {
      const event = sb.callEvent(frame);
      if (event?.event === 'participant_joined' && joinSent > 0 && event.participant === participant) {
        deliveryLatency.add(Date.now() - joinSent);
      }
    },
  }, tracker);
}
