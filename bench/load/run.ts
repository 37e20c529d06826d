/**
 * `npm run bench:load`: load tests of the live parts of the adapter (issue 4).
 *
 *   npm run bench:load                         SSE fan-out (1,000 clients) and a 5-minute soak
 *   npm run bench:load -- --seconds 60         a shorter soak
 *   npm run bench:load -- --only fanout        one of fanout | soak
 *   npm run bench:load -- --clients 2000 --rate 100 --redis --pglite --json out.json
 *
 * The server runs in a child process (bench/load/server.ts) on the seeded demo
 * data: PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test,
 * in a fresh schema dropped afterwards) when reachable, else PGlite. `--redis`
 * adds the Redis cache and bus at REDIS_URL. Prints a Markdown table.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { pgSchemaDatabase, postgresReachable, type SchemaDatabase } from '../../tests/support/databases.js';
import { fanOut, type FanOutResult } from './fan-out.js';
import type { ServerHandle, ServerMessage, ServerSettings } from './protocol.js';
import { soak, type SoakResult } from './soak.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    seconds: { type: 'string', default: '300' },
    clients: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    rate: { type: 'string', default: '50' },
    'invalidate-every': { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    redis: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const number = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${values[name]}`);
  return n;
};
const only = values.only;
if (only !== undefined && only !== 'fanout' && only !== 'soak') throw new Error('--only: expected fanout or soak');
const log = (line: string) => console.error(line);

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A fresh empty schema (the server seeds it), dropped afterwards; none when PostgreSQL does not answer. */
async function postgres(): Promise<SchemaDatabase | undefined> {
  if (values.pglite || !(await postgresReachable())) return undefined;
  return pgSchemaDatabase({ schema: `dk_load_${randomBytes(4).toString('hex')}`, ddl: false, poolMax: 1 });
}

async function startServer(settings: ServerSettings): Promise<ServerHandle & { seedMs: number }> {
  const child: ChildProcess = fork(new URL('./server.ts', import.meta.url), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER: JSON.stringify(settings) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: { resolve: (m: ServerMessage) => void; reject: (e: Error) => void }[] = [];
  child.on('message', (message: ServerMessage) => waiting.shift()?.resolve(message));
  child.once('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`the server process exited (${code})`));
  });
  const nextMessage = () => new Promise<ServerMessage>((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = await nextMessage();
  if (ready.type !== 'ready') throw new Error('unexpected first message from the server process');
  let queue = Promise.resolve() as Promise<unknown>;
  return {
    url: ready.url,
    seedMs: ready.seedMs,
    secret: settings.invalidateSecret,
    memory() {
      // One request at a time: answers come back in order.
      const answer = queue.then(async () => {
        const pending = nextMessage();
        child.send({ type: 'memory' });
        const m = await pending;
        if (m.type !== 'memory') throw new Error('unexpected message');
        return m;
      });
      queue = answer.catch(() => undefined);
      return answer;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

const f = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

function fanOutTable(r: FanOutResult): string {
  const all = r.rounds.map((x) => x.allMs).sort((a, b) => a - b);
  return [
    `### SSE fan-out: ${r.clients} clients over HTTP, ${r.rounds.length} invalidations through the webhook`,
    '',
    '| measure | value |',
    '|---|---|',
    `| connect ${r.clients} clients | ${f(r.connectMs, 0)} ms |`,
    `| webhook → all clients received, per invalidation | ${r.rounds.map((x) => f(x.allMs)).join(' / ')} ms (median ${f(all[Math.floor(all.length / 2)] ?? NaN)}) |`,
    `| webhook → median client / p99 client (last round) | ${f(r.rounds.at(-1)!.p50Ms)} / ${f(r.rounds.at(-1)!.p99Ms)} ms |`,
    `| server memory per client (RSS / heap, after GC) | ${f(r.rssPerClientKiB)} / ${f(r.heapPerClientKiB)} KiB |`,
    `| clients left after every socket closed | ${r.leftover} |`,
    `| server warnings / errors logged | ${r.serverWarnings} / ${r.serverErrors} |`,
  ].join('\n');
}

function soakTable(r: SoakResult, rate: number): string {
  const statuses = Object.entries(r.byStatus)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  return [
    `### Soak: ${r.seconds} s at ${rate} req/s, random valid (80 %) and invalid (20 %) parameters, webhook invalidation every few seconds`,
    '',
    '| measure | value |',
    '|---|---|',
    `| requests answered | ${r.requests} (${statuses}) |`,
    `| unexpected statuses (target 0) | ${r.unexpected}${r.unexpectedSamples.length ? ` — e.g. ${r.unexpectedSamples.slice(0, 3).join('; ')}` : ''} |`,
    `| latency p50 / p95 / p99 / max | ${f(r.p50Ms)} / ${f(r.p95Ms)} / ${f(r.p99Ms)} / ${f(r.maxMs)} ms |`,
    `| invalidations / SSE deliveries missed | ${r.invalidations} / ${r.missedEvents} |`,
    `| server RSS after warm-up → end (max) | ${f(r.rssStartMiB)} → ${f(r.rssEndMiB)} MiB (${f(r.rssMaxMiB)}); growth ${f(r.rssEndMiB - r.rssStartMiB)} MiB |`,
    `| server heap after warm-up → end | ${f(r.heapStartMiB)} → ${f(r.heapEndMiB)} MiB |`,
    `| server warnings / errors logged | ${r.serverWarnings} / ${r.serverErrors} |`,
  ].join('\n');
}

const clients = number('clients');
const db = await postgres();
log(
  `bench:load: source ${db ? 'postgresql' : 'pglite'}${values.redis ? ', redis cache and bus' : ''}; seeding the demo…`,
);
const server = await startServer({
  ...(db ? { databaseUrl: db.url } : {}),
  ...(values.redis ? { redisUrl: REDIS_URL } : {}),
  invalidateSecret: `bench-${randomBytes(12).toString('hex')}`,
  maxClients: clients + 100,
});
log(`bench:load: server up at ${server.url} (seeded in ${(server.seedMs / 1000).toFixed(1)} s)`);

const output: string[] = [
  `## dashkit load (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} cores, ${db ? 'PostgreSQL' : 'PGlite'}${values.redis ? ' + Redis' : ', memory cache'})`,
];
const json: { fanOut?: FanOutResult; soak?: SoakResult } = {};
try {
  if (only !== 'soak') {
    log(`bench:load: fan-out to ${clients} clients…`);
    json.fanOut = await fanOut(server, clients, number('rounds'));
    output.push('', fanOutTable(json.fanOut));
  }
  if (only !== 'fanout') {
    const seconds = number('seconds');
    log(`bench:load: soak for ${seconds} s…`);
    json.soak = await soak(server, {
      seconds,
      rate: number('rate'),
      invalidateEvery: number('invalidate-every'),
      sseClients: 20,
      seed: number('seed'),
    });
    output.push('', soakTable(json.soak, number('rate')));
  }
} finally {
  await server.stop();
  await db?.close();
}
console.log(output.join('\n'));
if (values.json) writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
const failed =
  (json.fanOut?.leftover ?? 0) > 0 || (json.soak?.unexpected ?? 0) > 0 || (json.soak?.missedEvents ?? 0) > 0;
process.exitCode = failed ? 1 : 0;
