/**
 * `wrk` (the Debian package): an HTTP load generator in C, its own process,
 * so the client's cost is its own and measurable. Each run goes through
 * `bash -c 'wrk …; times'`, whose `times` prints the CPU time wrk (bash's
 * only child) used: the proof that the client was not the bottleneck.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const WRK_INSTALL = 'apt-get install -y wrk';
const REPORT_SCRIPT = resolve(import.meta.dirname, 'wrk-report.lua');

const found = () => spawnSync('wrk', ['--version']).error === undefined;

/**
 * Whether wrk can run: found on PATH, or installed now when this process is
 * root (apt-get, after an `apt-get update` if the package is not known yet).
 * Otherwise says how to install it and answers false.
 */
export function ensureWrk(log: (line: string) => void): boolean {
  if (found()) return true;
  if (process.getuid?.() !== 0) {
    log(`wrk not found; install it (\`sudo ${WRK_INSTALL}\`) for the cache-hit throughput table.`);
    return false;
  }
  log(`wrk not found; running \`${WRK_INSTALL}\`…`);
  const install = () => spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    install();
  }
  if (found()) return true;
  log(`could not install wrk (\`${WRK_INSTALL}\` failed); skipping the cache-hit throughput table.`);
  return false;
}

export interface WrkOptions {
  threads: number;
  connections: number;
  seconds: number;
}

export interface WrkResult {
  requests: number;
  /** Response bytes read, headers included. */
  bytes: number;
  /** Non-2xx/3xx responses plus socket errors (connect, read, write, timeout). */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** wrk's own measuring time. */
  seconds: number;
  /** CPU seconds (user + system) wrk used, from bash's `times`. */
  cpuSeconds: number;
}

/** The wrk arguments for a run, as shown in the results. */
export function wrkArgs(options: WrkOptions, url: string): string[] {
  return [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '5s',
    '-s',
    REPORT_SCRIPT,
    url,
  ];
}

/** The command line of a run, to print beside its results (the report script's path relative to the repository). */
export function wrkCommand(options: WrkOptions, url: string): string {
  const args = wrkArgs(options, url).map((arg) => (arg === REPORT_SCRIPT ? 'bench/wrk-report.lua' : arg));
  return ['wrk', ...args.slice(0, -1), `'${url}'`].join(' ');
}

/** `0m1.461s` → 1.461 */
const seconds = (text: string) => {
  const m = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!m) throw new Error(`unexpected \`times\` output: ${text}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

export function runWrk(options: WrkOptions, url: string): Promise<WrkResult> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', 'wrk "$@"; code=$?; times; exit $code', 'bash', ...wrkArgs(options, url)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      const report = /^WRK_RESULT (\{.*\})$/m.exec(out);
      // `times` prints the shell's own user/system times, then its children's: wrk's.
      const lines = out.trimEnd().split('\n');
      const children = lines.at(-1)?.split(' ') ?? [];
      if (code !== 0 || !report || children.length !== 2) {
        return fail(new Error(`wrk failed (exit ${code}):\n${out}${err}`));
      }
      const r = JSON.parse(report[1]!) as Record<string, number>;
      const n = (key: string) => r[key] ?? 0;
      done({
        requests: n('requests'),
        bytes: n('bytes'),
        errors: n('status') + n('connect') + n('read') + n('write') + n('timeout'),
        p50Ms: n('p50Us') / 1000,
        p99Ms: n('p99Us') / 1000,
        seconds: n('durationUs') / 1e6,
        cpuSeconds: seconds(children[0]!) + seconds(children[1]!),
      });
    });
  });
}
