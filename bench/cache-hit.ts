/**
 * Cache-hit `v1/stats` throughput: the standalone server (`node dist/cli.js
 * serve`, its own process) against a bare node:http server (bare-server.mjs,
 * its own process) replying the very status, headers and body bytes dashkit
 * returned, and against Hono on @hono/node-server (hono-server.mjs) replying
 * them too — the reference the target is set by — all loaded by `wrk -t1`
 * (another process). Rounds alternate, and so does which server goes first
 * in a round (bare, dashkit, hono; dashkit, hono, bare; …), so drift in a
 * shared machine's load hits all alike.
 *
 * Every round reads the CPU time wrk, the server and the whole machine used
 * (/proc), so the table shows whether the server or the client was the
 * limit. Every dashkit round must be all cache hits: v1/health's hit and miss
 * counters are read around it, and the entry is made fresh before it (the
 * webhook drops it and one request computes it again) so no round runs into
 * its expiry and stale-while-revalidate.
 */
import { loadavg } from 'node:os';
import { startServers, STATS_PATH } from './cache-hit-servers.js';
import { machineBusySeconds, processCpuSeconds } from './cpu.js';
import type { ServerProcess } from './processes.js';
import { ensureWrk, runWrk, type WrkOptions, type WrkResult } from './wrk.js';

export interface CacheHitOptions extends WrkOptions {
  /** Measured rounds per server. */
  rounds: number;
  /**
   * A round (each server once) during which other processes used more
   * CPU than this (1 = a core) is measured again, at most `retries` times:
   * on a shared two-core machine another job takes the server's core and
   * req/s then measures that job.
   */
  maxOtherCpu: number;
  retries: number;
  /**
   * Load all servers at the same time (a wrk each) instead of in turn: on
   * a machine shared with other jobs, all then run under the very same
   * load, and the req/s ratio is the ratio of what each request costs.
   */
  together?: boolean;
  log: (line: string) => void;
}

/** Other processes' CPU above which a pair of rounds is measured again: a third of a core. */
export const DEFAULT_MAX_OTHER_CPU = 0.3;
/** How many times a round is measured again at most, so a busy machine still gets a table (with a note). */
export const DEFAULT_RETRIES = 3;

export type ServerName = 'bare' | 'dashkit' | 'hono';
/** The order the servers are loaded in, round by round (round 1 the first). */
export const SERVER_ORDERS: readonly (readonly ServerName[])[] = [
  ['bare', 'dashkit', 'hono'],
  ['dashkit', 'hono', 'bare'],
  ['hono', 'bare', 'dashkit'],
];

export interface Round {
  /** 1, 2, …: the servers of one round ran one after the other (or at once, `together`). */
  round: number;
  server: ServerName;
  rps: number;
  requests: number;
  errors: number;
  bytesPerResponse: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time over the round's wall time: 1 = one core busy all along. */
  clientCpu: number;
  serverCpu: number;
  /** The rest of the machine: this bench's own process, other jobs. */
  otherCpu: number;
  serverCpuUsPerRequest: number;
  /** The machine's 1-minute load average when the round started. */
  loadAverage: number;
}

export interface CacheHitResult {
  options: WrkOptions & { rounds: number; maxOtherCpu: number; together: boolean };
  /** Every server's run, in the order they ran. */
  rounds: Round[];
  /** When the run ended (ISO 8601). */
  date: string;
  bodyBytes: number;
  headers: string[];
  /** What was verified, for the notes under the table. */
  checks: string[];
}

/** All servers under load at once, a wrk each; `otherCpu` is what none of them and no wrk used. */
async function measureTogether(
  round: number,
  servers: Record<ServerName, ServerProcess>,
  options: WrkOptions,
): Promise<Round[]> {
  const names = SERVER_ORDERS[0]!;
  const loadAverage = loadavg()[0]!;
  const cpu0 = names.map((name) => processCpuSeconds(servers[name].pid));
  const busy0 = machineBusySeconds();
  const started = performance.now();
  const runs = await Promise.all(names.map((name) => runWrk(options, `${servers[name].url}${STATS_PATH}`)));
  const wall = (performance.now() - started) / 1000;
  const cpu = names.map((name, i) => processCpuSeconds(servers[name].pid) - cpu0[i]!);
  const busy = machineBusySeconds() - busy0;
  const used = cpu.reduce((a, b) => a + b, 0) + runs.reduce((a, r) => a + r.cpuSeconds, 0);
  const other = Math.max(0, busy - used) / wall;
  return names.map((name, i) => toRound(round, name, runs[i]!, wall, cpu[i]!, other, loadAverage));
}

async function measure(round: number, server: ServerName, target: ServerProcess, options: WrkOptions): Promise<Round> {
  const loadAverage = loadavg()[0]!;
  const cpu0 = processCpuSeconds(target.pid);
  const busy0 = machineBusySeconds();
  const started = performance.now();
  const r = await runWrk(options, `${target.url}${STATS_PATH}`);
  const wall = (performance.now() - started) / 1000;
  const serverCpu = processCpuSeconds(target.pid) - cpu0;
  const busy = machineBusySeconds() - busy0;
  return toRound(round, server, r, wall, serverCpu, Math.max(0, busy - serverCpu - r.cpuSeconds) / wall, loadAverage);
}

/** One server's row from its wrk run, the CPU its process used over `wall` seconds and the rest of the machine's. */
function toRound(
  round: number,
  server: ServerName,
  r: WrkResult,
  wall: number,
  serverCpu: number,
  otherCpu: number,
  loadAverage: number,
): Round {
  return {
    round,
    server,
    rps: r.requests / r.seconds,
    requests: r.requests,
    errors: r.errors,
    bytesPerResponse: r.requests ? r.bytes / r.requests : 0,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    clientCpu: r.cpuSeconds / wall,
    serverCpu: serverCpu / wall,
    otherCpu,
    serverCpuUsPerRequest: r.requests ? (serverCpu / r.requests) * 1e6 : NaN,
    loadAverage,
  };
}

/** The benchmark; undefined (having said why) when wrk is not there. */
export async function cacheHitBench(options: CacheHitOptions): Promise<CacheHitResult | undefined> {
  const { log } = options;
  if (!ensureWrk(log)) return undefined;
  const wrk: WrkOptions = { threads: options.threads, connections: options.connections, seconds: options.seconds };
  const servers = await startServers({ log });
  try {
    const { bare, dashkit, hono, recorded } = servers;
    const byName: Record<ServerName, ServerProcess> = { bare, dashkit, hono };
    const warmup = { ...wrk, seconds: Math.min(3, options.seconds) };
    log(`cache-hit: warm-up (${warmup.seconds} s each, not counted)…`);
    await measure(0, 'bare', bare, warmup);
    await servers.freshEntry(warmup.seconds);
    await measure(0, 'dashkit', dashkit, warmup);
    await measure(0, 'hono', hono, warmup);

    /** A dashkit round (`run`: alone, or beside the others), checked all cache hits (when v1/health counts them). */
    const dashkitRound = async <T>(i: number, run: () => Promise<T>, of: (t: T) => Round) => {
      await servers.freshEntry(options.seconds);
      const before = await servers.cacheCounters();
      const result = await run();
      const round = of(result);
      const after = await servers.cacheCounters();
      await servers.checkHit(`after dashkit round ${i}`);
      if (!before || !after) return { result, counted: false };
      // wrk stops counting at its deadline; up to one request per connection is answered but not counted.
      const hits = after.hits - before.hits;
      const misses = after.misses - before.misses;
      if (misses !== 0 || hits < round.requests || hits > round.requests + wrk.connections) {
        throw new Error(
          `dashkit round ${i}: wrk counted ${round.requests} requests, the server ${hits} hits and ${misses} misses`,
        );
      }
      return { result, counted: true };
    };

    const rounds: Round[] = [];
    let counted = 0;
    let remeasured = 0;
    for (let i = 1; options.together && i <= options.rounds; i++) {
      // No remeasuring: whatever else runs meanwhile runs beside all servers alike.
      log(`cache-hit: round ${i}/${options.rounds}, all servers at once…`);
      const d = await dashkitRound(
        i,
        () => measureTogether(i, byName, wrk),
        (all) => all.find((x) => x.server === 'dashkit')!,
      );
      rounds.push(...d.result);
      if (d.counted) counted++;
    }
    for (let i = 1; !options.together && i <= options.rounds; i++) {
      for (let attempt = 0; ; attempt++) {
        const runs: Round[] = [];
        let hitsCounted = false;
        for (const name of SERVER_ORDERS[(i - 1) % SERVER_ORDERS.length]!) {
          log(`cache-hit: round ${i}/${options.rounds}, ${name}…`);
          if (name === 'dashkit') {
            const d = await dashkitRound(
              i,
              () => measure(i, name, dashkit, wrk),
              (round) => round,
            );
            runs.push(d.result);
            hitsCounted = d.counted;
          } else runs.push(await measure(i, name, byName[name], wrk));
        }
        const other = Math.max(...runs.map((x) => x.otherCpu));
        if (other > options.maxOtherCpu && attempt < options.retries) {
          remeasured++;
          log(`cache-hit: other processes used ${(other * 100).toFixed(0)} % of a core; round ${i} again`);
          continue;
        }
        rounds.push(...runs);
        if (hitsCounted) counted++;
        break;
      }
    }
    const checks = [
      `the bare server's answer equals dashkit's: status ${recorded.status}, the same ${recorded.headers.length} headers in the same order, the same ${recorded.body.length} body bytes; Hono's too, its headers in its own order`,
      `before every dashkit round the entry was dropped through \`POST /v1/invalidate\` and computed again by one request, then a request checked it a fresh hit (\`"hit":true\`, \`"stale":false\`) with max-age ≥ ${options.seconds + 2} s; after every round a request checked it still was`,
      counted === options.rounds
        ? "v1/health's cache counters over every dashkit round: 0 misses, and hits = wrk's completed requests (+ at most one in-flight request per connection)"
        : 'v1/health reports no cache counters: hits not counted',
    ];
    if (remeasured) {
      checks.push(
        `${remeasured} round${remeasured === 1 ? ' was' : 's were'} measured again (not shown) because other processes used more than ${(options.maxOtherCpu * 100).toFixed(0)} % of a core during it`,
      );
    }
    return {
      options: {
        ...wrk,
        rounds: options.rounds,
        maxOtherCpu: options.maxOtherCpu,
        together: options.together ?? false,
      },
      rounds,
      date: new Date().toISOString(),
      bodyBytes: recorded.body.length,
      headers: recorded.headers.map(([name]) => name),
      checks,
    };
  } finally {
    await servers.stop();
  }
}
