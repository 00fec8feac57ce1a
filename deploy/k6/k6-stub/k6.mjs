// Stand-ins for the k6 API, enough to evaluate a script's init context in Node (test/scripts.test.mjs). Nothing here
// runs a load: calling into the network from the init context, which k6 forbids too, throws.
const refuse = (name) => () => { throw new Error(`${name} called in the init context`); };

/** Every metric the scripts create, by name, with its type. */
export const metrics = new Map();

class Metric {
  constructor(name, isTime) {
    if (metrics.has(name)) throw new Error(`Metric ${name} created twice`);
    metrics.set(name, { type: this.constructor.name, isTime: Boolean(isTime) });
    this.name = name;
  }

  add() {}
}

export class Trend extends Metric {}
export class Counter extends Metric {}
export class Rate extends Metric {}
export class Gauge extends Metric {}
export class WebSocket {
  constructor() { refuse('new WebSocket')(); }
}
export const check = refuse('check');
export const sleep = refuse('sleep');
export const setTimeout = refuse('setTimeout');
export const setInterval = refuse('setInterval');
export const clearTimeout = refuse('clearTimeout');
export const clearInterval = refuse('clearInterval');
export const open = refuse('sse.open');
export const get = refuse('http.get');
export const post = refuse('http.post');
export default { get, post, open };
