/**
 * The servers under load, each in its own process: the standalone
 * `node dist/cli.js serve` (the built package, as users run it) and the
 * bare node:http server (bare-server.mjs), and Hono on @hono/node-server
 * (hono-server.mjs) for reference. The benchmarks talk to them only
 * over HTTP, so they keep working whatever the adapter's inside looks like.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const DIST_CLI = join(ROOT, 'dist', 'cli.js');
export const BARE_SERVER = join(ROOT, 'bench', 'bare-server.mjs');
export const HONO_SERVER = join(ROOT, 'bench', 'hono-server.mjs');

/** A first PGlite start and seed takes about 5 s; far more on a loaded two-core machine. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;

export interface ServerProcess {
  pid: number;
  /** `http://127.0.0.1:<port>` as the process printed it. */
  url: string;
  /** SIGINT (a graceful stop: `serve` closes, `--cpu-prof` writes its profile), SIGKILL if it hangs. */
  stop(): Promise<void>;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Checks that `dist/cli.js` exists (else throws, naming `npm run build`) and
 * warns when the adapter's or the contract's sources are newer than it: the
 * bench would measure an old build.
 */
export function checkBuild(log: (line: string) => void): void {
  if (!existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} is missing: run \`npm run build\` first.`);
  const built = statSync(DIST_CLI).mtimeMs;
  const sources = Math.max(newestMtime(join(ROOT, 'server-adapter')), newestMtime(join(ROOT, 'src', 'contract')));
  if (sources > built) log('warning: server-adapter/ or src/contract/ changed since dist/ was built; `npm run build`.');
}

/**
 * Starts `node <args>` and waits for the line `… serving http://host:port`
 * on its stdout. Its stderr passes through, prefixed with `label`.
 */
export function startServer(label: string, args: string[]): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.stderr!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().trimEnd().split('\n')) console.error(`[${label}] ${line}`);
  });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${label} printed no "serving http://…" line within ${START_TIMEOUT_MS / 1000} s:\n${out}`));
    }, START_TIMEOUT_MS);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(new Error(`${label} exited (${code}) before serving:\n${out}`));
    };
    child.once('exit', onExit);
    child.once('error', fail);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /serving (http:\/\/[^\s/]+)/.exec(out)?.[1];
      if (!url || child.pid === undefined) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      done({
        pid: child.pid,
        url,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGINT');
          const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
