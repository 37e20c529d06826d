/**
 * `npm run bench:peek`: what the adapter's own code costs a cache hit, with
 * no HTTP and no client — `dashboard.peek` called in a loop on a fresh
 * cached `v1/stats` (the URL the cache-hit table loads), as the node
 * adapter calls it (method, target, the headers `peekHeaders` names).
 * Prints ns per call, the fastest and the median of the batches.
 *
 *   npm run bench:peek
 *   npm run bench:peek -- --batches 21 --calls 200000
 *
 * The targets are distinct strings, as `req.url` is per request; 1024 of
 * them are cycled, so their hashes are cached after the first batch (a real
 * request also pays hashing its URL once, in the prepared-URL lookup).
 */
import { parseArgs } from 'node:util';
import { createDashboardServer } from '../server-adapter/server.js';
import { createPgliteSource } from '../server-adapter/sources/pglite.js';
import { STATS_PATH } from './cache-hit-servers.js';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '15' },
    calls: { type: 'string', default: '200000' },
  },
});
const batches = Number(values.batches);
const calls = Number(values.calls);
if (!Number.isInteger(batches) || batches < 1 || !Number.isInteger(calls) || calls < 1) {
  throw new Error('--batches and --calls: positive integers');
}

const source = await createPgliteSource();
// A TTL far beyond the run, so every call is a fresh hit.
const dashboard = createDashboardServer({ source, seedDemo: true, ttlSeconds: 3600 });
try {
  await dashboard.ready;
  await (await dashboard.fetch(new Request(`http://localhost${STATS_PATH}`))).arrayBuffer();
  const headers = { host: '127.0.0.1:8787' };
  const targets = Array.from({ length: 1024 }, (_, i) => `${STATS_PATH}#${i}`.slice(0, STATS_PATH.length));
  const times: number[] = [];
  for (let b = 0; b < batches; b++) {
    let hits = 0;
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) if (dashboard.peek('GET', targets[i & 1023]!, headers)) hits++;
    times.push(Number(process.hrtime.bigint() - started) / calls);
    if (hits !== calls) throw new Error(`batch ${b + 1}: ${calls - hits} calls were not fresh hits`);
  }
  times.sort((x, y) => x - y);
  console.log(
    `dashboard.peek, fresh v1/stats hit: ${times[0]!.toFixed(0)} ns/call fastest, ${times[Math.floor(batches / 2)]!.toFixed(0)} median (${batches} batches of ${calls})`,
  );
} finally {
  await dashboard.close();
  await source.close();
}
