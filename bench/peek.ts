/**
 * `npm run bench:peek`: what the adapter's own code costs a cache hit, with
 * no HTTP and no client — `dashboard.peek` called in a loop on a fresh
 * cached `v1/stats` (the URL the cache-hit table loads), as the node
 * adapter calls it (method, target, the headers `peekHeaders` names).
 * Prints ns per call, the fastest and the median of the batches.
 *
 *   npm run build && npm run bench:peek
 *   npm run bench:peek -- --batches 21 --calls 200000
 *
 * It runs the built package (`dist/server/index.js`), as `serve` and the
 * cache-hit table do: run from source under tsx, every closure made per call
 * is wrapped in a naming helper, which cost a hit 3–4× what it costs built.
 *
 * The targets are distinct strings, as `req.url` is per request; 1024 of
 * them are cycled, so their hashes are cached after the first batch (a real
 * request also pays hashing its URL once, in the prepared-URL lookup).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pickHeaders } from '../server-adapter/node-peek.js';
import { STATS_PATH } from './cache-hit-servers.js';
import { checkBuild, DIST_CLI } from './processes.js';

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

checkBuild((line) => console.error(line));
const built = pathToFileURL(join(DIST_CLI, '..', 'server', 'index.js')).href;
const { createDashboardServer, createPgliteSource } = (await import(
  built
)) as typeof import('../server-adapter/index.js');
const source = await createPgliteSource();
// A TTL far beyond the run, so every call is a fresh hit.
const dashboard = createDashboardServer({ source, seedDemo: true, ttlSeconds: 3600 });
try {
  await dashboard.ready;
  await (await dashboard.fetch(new Request(`http://localhost${STATS_PATH}`))).arrayBuffer();
  // What the node adapter hands `peek` for a request carrying only Host (wrk's): none of the headers it reads.
  const headers = pickHeaders(['Host', '127.0.0.1:8787'], dashboard.peekHeaders);
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
