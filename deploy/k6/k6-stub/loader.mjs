// A Node module-resolution hook for test/scripts.test.mjs: the k6 modules the scripts import resolve to k6.mjs beside it,
// so a script's init context (its options, metrics and exports) can be evaluated without k6. A k6 module not listed
// here is refused, as k6 would refuse a module it does not have.
const KNOWN = new Set(['k6', 'k6/http', 'k6/metrics', 'k6/websockets', 'k6/timers', 'k6/x/sse']);

export async function resolve(specifier, context, next) {
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    if (!KNOWN.has(specifier)) throw new Error(`Unknown k6 module '${specifier}'`);
    return { url: new URL('./k6.mjs', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
