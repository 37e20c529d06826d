/**
 * `npm run bench:http`: the cache-hit throughput table on its own, quick by
 * default (3 rounds of 3 s per server); `npm run bench` runs it at 10 s.
 *
 *   npm run build && npm run bench:http
 *   npm run bench:http -- --seconds 10 --rounds 5
 *
 * See cache-hit.ts for what is measured and how.
 */
import { parseArgs } from 'node:util';
import { cacheHitBench } from './cache-hit.js';
import { cacheHitTable } from './cache-hit-table.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
  },
});
const positive = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive integer, got ${values[name]}`);
  return n;
};

const result = await cacheHitBench({
  threads: 1,
  connections: positive('connections'),
  seconds: positive('seconds'),
  rounds: positive('rounds'),
  log: (line) => console.error(line),
});
if (result) console.log(cacheHitTable(result));
else process.exitCode = 1;
