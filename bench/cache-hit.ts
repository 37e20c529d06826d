/**
 * Cache-hit `v1/stats` throughput: the standalone server (`node dist/cli.js
 * serve`, its own process) against a bare node:http server (bare-server.mjs,
 * its own process) replying the very status, headers and body bytes dashkit
 * returned, both loaded by `wrk -t1` (a third process). Rounds alternate,
 * and so does which server goes first in a pair (bare, dashkit; dashkit,
 * bare; …), so drift in a shared machine's load hits both alike.
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
   * A pair of rounds (bare, dashkit) during which other processes used more
   * CPU than this (1 = a core) is measured again, at most `retries` times:
   * on a shared two-core machine another job takes the server's core and
   * req/s then measures that job.
   */
  maxOtherCpu: number;
  retries: number;
  /**
   * Load both servers at the same time (a wrk each) instead of in turn: on
   * a machine shared with other jobs, both then run under the very same
   * load, and the req/s ratio is the ratio of what each request costs.
   */
  together?: boolean;
  log: (line: string) => void;
}

/** Other processes' CPU above which a pair of rounds is measured again: a third of a core. */
export const DEFAULT_MAX_OTHER_CPU = 0.3;
/** How many times a pair is measured again at most, so a busy machine still gets a table (with a note). */
export const DEFAULT_RETRIES = 3;

export type ServerName = 'bare' | 'dashkit';
/** How a pair of rounds ran: which server was loaded first, or both at once. */
export type Order = ServerName | 'together';

export interface Round {
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
  /** Rounds in pairs, bare then dashkit. */
  rounds: Round[];
  /** Per pair, which server was loaded first, or `together`. */
  firsts: Order[];
  /** When the run ended (ISO 8601). */
  date: string;
  bodyBytes: number;
  headers: string[];
  /** What was verified, for the notes under the table. */
  checks: string[];
}

/** Both servers under load at once, a wrk each; `otherCpu` is what neither pair of processes used. */
async function measureTogether(
  bare: ServerProcess,
  dashkit: ServerProcess,
  options: WrkOptions,
): Promise<[Round, Round]> {
  const loadAverage = loadavg()[0]!;
  const cpu0 = [processCpuSeconds(bare.pid), processCpuSeconds(dashkit.pid)];
  const busy0 = machineBusySeconds();
  const started = performance.now();
  const runs = await Promise.all([
    runWrk(options, `${bare.url}${STATS_PATH}`),
    runWrk(options, `${dashkit.url}${STATS_PATH}`),
  ]);
  const wall = (performance.now() - started) / 1000;
  const cpu = [processCpuSeconds(bare.pid) - cpu0[0]!, processCpuSeconds(dashkit.pid) - cpu0[1]!];
  const busy = machineBusySeconds() - busy0;
  const other = Math.max(0, busy - cpu[0]! - cpu[1]! - runs[0].cpuSeconds - runs[1].cpuSeconds) / wall;
  const round = (server: ServerName, i: 0 | 1) => toRound(server, runs[i], wall, cpu[i]!, other, loadAverage);
  return [round('bare', 0), round('dashkit', 1)];
}

async function measure(server: ServerName, target: ServerProcess, options: WrkOptions): Promise<Round> {
  const loadAverage = loadavg()[0]!;
  const cpu0 = processCpuSeconds(target.pid);
  const busy0 = machineBusySeconds();
  const started = performance.now();
  const r = await runWrk(options, `${target.url}${STATS_PATH}`);
  const wall = (performance.now() - started) / 1000;
  const serverCpu = processCpuSeconds(target.pid) - cpu0;
  const busy = machineBusySeconds() - busy0;
  return toRound(server, r, wall, serverCpu, Math.max(0, busy - serverCpu - r.cpuSeconds) / wall, loadAverage);
}

/** One server's row from its wrk run, the CPU its process used over `wall` seconds and the rest of the machine's. */
function toRound(
  server: ServerName,
  r: WrkResult,
  wall: number,
  serverCpu: number,
  otherCpu: number,
  loadAverage: number,
): Round {
  return {
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
    const { bare, dashkit, recorded } = servers;
    const warmup = { ...wrk, seconds: Math.min(3, options.seconds) };
    log(`cache-hit: warm-up (${warmup.seconds} s each, not counted)…`);
    await measure('bare', bare, warmup);
    await servers.freshEntry(warmup.seconds);
    await measure('dashkit', dashkit, warmup);

    /** A dashkit round (`run`: alone, or beside bare's), checked all cache hits (when v1/health counts them). */
    const dashkitRound = async <T>(i: number, run: () => Promise<T>, of: (t: T) => Round) => {
      await servers.freshEntry(options.seconds);
      const before = await servers.cacheCounters();
      const result = await run();
      const round = of(result);
      const after = await servers.cacheCounters();
      await servers.checkHit(`after dashkit round ${i}`);
      if (!before || !after) return { result, round, counted: false };
      // wrk stops counting at its deadline; up to one request per connection is answered but not counted.
      const hits = after.hits - before.hits;
      const misses = after.misses - before.misses;
      if (misses !== 0 || hits < round.requests || hits > round.requests + wrk.connections) {
        throw new Error(
          `dashkit round ${i}: wrk counted ${round.requests} requests, the server ${hits} hits and ${misses} misses`,
        );
      }
      return { result, round, counted: true };
    };

    const rounds: Round[] = [];
    const firsts: Order[] = [];
    let counted = 0;
    let remeasured = 0;
    for (let i = 1; options.together && i <= options.rounds; i++) {
      // No remeasuring: whatever else runs meanwhile runs beside both servers alike.
      log(`cache-hit: round ${i}/${options.rounds}, both servers at once…`);
      const d = await dashkitRound(
        i,
        () => measureTogether(bare, dashkit, wrk),
        (pair) => pair[1],
      );
      rounds.push(...d.result);
      firsts.push('together');
      if (d.counted) counted++;
    }
    for (let i = 1; !options.together && i <= options.rounds; i++) {
      for (let attempt = 0; ; attempt++) {
        // Odd rounds bare first, even rounds dashkit first.
        const bareFirst = i % 2 === 1;
        let b: Round | undefined;
        if (bareFirst) {
          log(`cache-hit: round ${i}/${options.rounds}, bare…`);
          b = await measure('bare', bare, wrk);
        }
        log(`cache-hit: round ${i}/${options.rounds}, dashkit…`);
        const d = await dashkitRound(
          i,
          () => measure('dashkit', dashkit, wrk),
          (round) => round,
        );
        if (!b) {
          log(`cache-hit: round ${i}/${options.rounds}, bare…`);
          b = await measure('bare', bare, wrk);
        }
        const other = Math.max(b.otherCpu, d.round.otherCpu);
        if (other > options.maxOtherCpu && attempt < options.retries) {
          remeasured++;
          log(`cache-hit: other processes used ${(other * 100).toFixed(0)} % of a core; round ${i} again`);
          continue;
        }
        // Stored bare, dashkit whichever ran first; `firsts` says which did.
        rounds.push(b, d.round);
        firsts.push(bareFirst ? 'bare' : 'dashkit');
        if (d.counted) counted++;
        break;
      }
    }
    const checks = [
      `the bare server's answer equals dashkit's: status ${recorded.status}, the same ${recorded.headers.length} headers in the same order, the same ${recorded.body.length} body bytes`,
      `before every dashkit round the entry was dropped through \`POST /v1/invalidate\` and computed again by one request, then a request checked it a fresh hit (\`"hit":true\`, \`"stale":false\`) with max-age ≥ ${options.seconds + 2} s; after every round a request checked it still was`,
      counted === options.rounds
        ? "v1/health's cache counters over every dashkit round: 0 misses, and hits = wrk's completed requests (+ at most one in-flight request per connection)"
        : 'v1/health reports no cache counters: hits not counted',
    ];
    if (remeasured) {
      checks.push(
        `${remeasured} pair${remeasured === 1 ? ' of rounds was' : 's of rounds were'} measured again (not shown) because other processes used more than ${(options.maxOtherCpu * 100).toFixed(0)} % of a core during it`,
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
      firsts,
      date: new Date().toISOString(),
      bodyBytes: recorded.body.length,
      headers: recorded.headers.map(([name]) => name),
      checks,
    };
  } finally {
    await servers.stop();
  }
}
