/**
 * `npm run bench:profile`: where a cache hit's time goes. Both servers of
 * the cache-hit benchmark run under `node --cpu-prof`, loaded by wrk in
 * alternated rounds (so a shared machine's drift hits both alike); only the
 * samples taken while wrk ran are kept. See profile-report.ts for what is
 * printed.
 *
 *   npm run build && npm run bench:profile
 *   npm run bench:profile -- --rounds 4 --seconds 3 --interval 100 --top 30 --out profiles/
 *   npm run bench:profile -- --from profiles/     the report again from kept profiles, no run
 *
 * `--out <dir>` keeps bare.cpuprofile and dashkit.cpuprofile (Chrome
 * DevTools opens them) and run.json (the options and wrk's windows).
 * The profiler itself costs time (more with a shorter interval), so req/s
 * here is below the throughput table's; the shares are what to read.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_OTHER_CPU, DEFAULT_RETRIES } from './cache-hit.js';
import { startServers, STATS_PATH } from './cache-hit-servers.js';
import { machineBusySeconds, processCpuSeconds } from './cpu.js';
import { type CpuProfile, summarise, type Window } from './cpuprofile.js';
import type { ServerProcess } from './processes.js';
import { type Profiled, profileReport, type ProfileRun } from './profile-report.js';
import { ensureWrk, runWrk, type WrkOptions } from './wrk.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '4' },
    interval: { type: 'string', default: '200' },
    top: { type: 'string', default: '25' },
    out: { type: 'string' },
    from: { type: 'string' },
  },
});
const positive = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: expected a positive integer, got ${values[name]}`);
  return n;
};
const log = (line: string) => console.error(line);
const SERVERS = ['bare', 'dashkit'] as const;
type Name = (typeof SERVERS)[number];

interface Load extends Window {
  requests: number;
  seconds: number;
  /** CPU other processes than the server and wrk used meanwhile (1 = a core). */
  otherCpu: number;
}

interface Kept extends ProfileRun {
  loads: Record<Name, Load[]>;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** wrk against `server`; the window (monotonic µs) it ran in. */
async function load(server: ServerProcess, options: WrkOptions): Promise<Load> {
  const cpu0 = processCpuSeconds(server.pid);
  const busy0 = machineBusySeconds();
  const fromUs = nowUs();
  const result = await runWrk(options, `${server.url}${STATS_PATH}`);
  const toUs = nowUs();
  if (result.errors) throw new Error(`${result.errors} errors under load`);
  const others = machineBusySeconds() - busy0 - (processCpuSeconds(server.pid) - cpu0) - result.cpuSeconds;
  return {
    fromUs,
    toUs,
    requests: result.requests,
    seconds: result.seconds,
    otherCpu: others / ((toUs - fromUs) / 1e6),
  };
}

/** Runs the load under the profiler; leaves `<name>.cpuprofile` and run.json in `dir`. */
async function profileRun(dir: string, run: ProfileRun): Promise<void> {
  const raw = join(dir, 'raw');
  const servers = await startServers({
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${raw}`, `--cpu-prof-interval=${run.interval}`],
    log,
  });
  const loads: Record<Name, Load[]> = { bare: [], dashkit: [] };
  try {
    log('profile: warm-up (3 s each)…');
    await load(servers.bare, { ...run.wrk, seconds: 3 });
    await servers.freshEntry(3);
    await load(servers.dashkit, { ...run.wrk, seconds: 3 });
    for (let i = 1, attempt = 0; i <= run.rounds; i++) {
      log(`profile: round ${i}/${run.rounds}, ${run.wrk.seconds} s on each…`);
      const bare = await load(servers.bare, run.wrk);
      await servers.freshEntry(run.wrk.seconds);
      const dashkit = await load(servers.dashkit, run.wrk);
      await servers.checkHit('after the load');
      // As in the throughput table: a pair of rounds another job shared the cores with is measured again.
      const other = Math.max(bare.otherCpu, dashkit.otherCpu);
      if (other > DEFAULT_MAX_OTHER_CPU && attempt++ < DEFAULT_RETRIES) {
        log(`profile: other processes used ${(other * 100).toFixed(0)} % of a core; round ${i} again`);
        i--;
        continue;
      }
      attempt = 0;
      loads.bare.push(bare);
      loads.dashkit.push(dashkit);
    }
  } finally {
    await servers.stop();
  }
  for (const name of SERVERS) {
    // The main thread's profile: thread 0 in the file name.
    const pid = servers[name].pid;
    const file = readdirSync(raw).find((f) => f.includes(`.${pid}.0.`) && f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no profile of the ${name} server (pid ${pid}) in ${raw}`);
    copyFileSync(join(raw, file), join(dir, `${name}.cpuprofile`));
  }
  rmSync(raw, { recursive: true, force: true });
  writeFileSync(join(dir, 'run.json'), `${JSON.stringify({ ...run, loads } satisfies Kept, null, 2)}\n`);
}

let dir = values.from;
let scratch: string | undefined;
if (!dir) {
  if (!ensureWrk(log)) process.exit(1);
  dir = values.out ?? (scratch = mkdtempSync(join(tmpdir(), 'dashkit-profile-')));
  mkdirSync(dir, { recursive: true });
  const wrk: WrkOptions = { threads: 1, connections: 32, seconds: positive('seconds') };
  await profileRun(dir, { wrk, rounds: positive('rounds'), interval: positive('interval') });
}
const kept = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Kept;
const profiled = {} as Record<Name, Profiled>;
for (const name of SERVERS) {
  const profile = JSON.parse(readFileSync(join(dir, `${name}.cpuprofile`), 'utf8')) as CpuProfile;
  const loads = kept.loads[name];
  const requests = loads.reduce((n, l) => n + l.requests, 0);
  const seconds = loads.reduce((n, l) => n + l.seconds, 0);
  profiled[name] = { summary: summarise(profile, loads), requests, rps: requests / seconds };
}
if (scratch) rmSync(scratch, { recursive: true, force: true });
const otherCpu = { bare: kept.loads.bare.map((l) => l.otherCpu), dashkit: kept.loads.dashkit.map((l) => l.otherCpu) };
console.log(profileReport({ ...kept, otherCpu }, profiled.bare, profiled.dashkit, positive('top')));
