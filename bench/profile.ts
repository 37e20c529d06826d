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
import { startServers, STATS_PATH } from './cache-hit-servers.js';
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
}

interface Kept extends ProfileRun {
  loads: Record<Name, Load[]>;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

/** wrk against `server`; the window (monotonic µs) it ran in. */
async function load(server: ServerProcess, options: WrkOptions): Promise<Load> {
  const fromUs = nowUs();
  const result = await runWrk(options, `${server.url}${STATS_PATH}`);
  if (result.errors) throw new Error(`${result.errors} errors under load`);
  return { fromUs, toUs: nowUs(), requests: result.requests, seconds: result.seconds };
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
    for (let i = 1; i <= run.rounds; i++) {
      log(`profile: round ${i}/${run.rounds}, ${run.wrk.seconds} s on each…`);
      loads.bare.push(await load(servers.bare, run.wrk));
      await servers.freshEntry(run.wrk.seconds);
      loads.dashkit.push(await load(servers.dashkit, run.wrk));
      await servers.checkHit('after the load');
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
console.log(profileReport(kept, profiled.bare, profiled.dashkit, positive('top')));
