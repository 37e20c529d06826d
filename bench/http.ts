/**
 * `npm run bench:http`: the cache-hit throughput table on its own, quick by
 * default (3 rounds of 3 s per server); `npm run bench` runs it at 10 s.
 *
 *   npm run build && npm run bench:http
 *   npm run bench:http -- --seconds 10 --rounds 5
 *   npm run bench:http -- --max-other-cpu 30 --retries 3
 *   npm run bench:http -- --together     all servers loaded at once (a shared, busy machine)
 *
 * A round during which other processes used more than
 * --max-other-cpu % of a core is measured again, up to --retries times.
 *
 * See cache-hit.ts for what is measured and how.
 */
import { parseArgs } from 'node:util';
import { cacheHitBench, DEFAULT_MAX_OTHER_CPU, DEFAULT_RETRIES } from './cache-hit.js';
import { cacheHitTable } from './cache-hit-table.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    'max-other-cpu': { type: 'string', default: String(DEFAULT_MAX_OTHER_CPU * 100) },
    retries: { type: 'string', default: String(DEFAULT_RETRIES) },
    together: { type: 'boolean', default: false },
  },
});
const integer = (name: keyof typeof values, min: number) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: expected an integer ≥ ${min}, got ${values[name]}`);
  return n;
};

const result = await cacheHitBench({
  threads: 1,
  connections: integer('connections', 1),
  seconds: integer('seconds', 1),
  rounds: integer('rounds', 1),
  maxOtherCpu: integer('max-other-cpu', 0) / 100,
  retries: integer('retries', 0),
  together: values.together,
  log: (line) => console.error(line),
});
if (result) console.log(cacheHitTable(result));
else process.exitCode = 1;
