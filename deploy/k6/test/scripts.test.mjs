// Evaluates each k6 script's init context in Node, with the k6 modules stubbed (../k6-stub/): its options must name the
// four thresholds with their bounds, and every scenario must run a function the script exports. k6 itself would
// only find a missing exec function or a misspelt threshold when a run starts; tsconfig.json checks the types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { register } from 'node:module';

register('../k6-stub/loader.mjs', import.meta.url);
globalThis.__ENV = {};
globalThis.__VU = 0;
globalThis.open = () => { throw new Error('open() needs TOKENS_FILE'); };

const scripts = readdirSync(new URL('..', import.meta.url)).filter((f) => f.endsWith('.js')).sort();

test('there are the five load scripts', () => {
  assert.deepEqual(scripts, ['call-signaling.js', 'longpoll.js', 'sse.js', 'ws-chat.js', 'ws-fanout.js']);
});

for (const script of scripts) {
  test(`${script}: thresholds on connect time, delivery latency, seq gaps and checks; every scenario's function exported`, async () => {
    const module = await import(new URL(`../${script}`, import.meta.url).href);
    const { options } = module;
    assert.ok(options && options.thresholds && options.scenarios, 'exports options with thresholds and scenarios');
    const t = options.thresholds;
    assert.match(t.switchboard_connect_time?.[0] ?? '', /^p\(95\)<\d+$/);
    assert.match(t.switchboard_delivery_latency?.[0] ?? '', /^p\(95\)<\d+$/);
    assert.deepEqual(t.switchboard_seq_gaps, ['count==0']);
    assert.match(t.checks?.[0] ?? '', /^rate>0\.\d+$/);
    for (const [name, scenario] of Object.entries(options.scenarios)) {
      const exec = scenario.exec ?? 'default';
      assert.equal(typeof module[exec], 'function', `scenario ${name} runs '${exec}', which ${script} does not export`);
      assert.ok(scenario.executor, `scenario ${name} has an executor`);
    }
  });
}

test('the metrics the thresholds name are the ones the scripts record', async () => {
  const { metrics } = await import('k6');
  assert.equal(metrics.get('switchboard_connect_time')?.type, 'Trend');
  assert.equal(metrics.get('switchboard_delivery_latency')?.type, 'Trend');
  assert.equal(metrics.get('switchboard_seq_gaps')?.type, 'Counter');
});
