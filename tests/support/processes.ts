/**
 * Commands run the way a user runs them (`npx dashkit serve`, `python3
 * manage.py runserver`, `rails server`), for the tests that follow the
 * guides from outside the repository:
 *
 * - `userEnv()`: this process's environment without what the test runner,
 *   npm or CI put in it that a user's shell would not have (`DATABASE_URL`
 *   would turn the embedded demo into PostgreSQL, npm's `npm_*` variables
 *   would make a nested `npm` act on this repository).
 * - `run()`: a command to its end, with its output.
 * - `start()`: a long-running one in its own process group, so that `stop()`
 *   ends it and every child it started (npx runs the CLI as a child).
 * - `packDashkit()`: `npm pack` of the built package into a folder.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './examples.js';

const exec = promisify(execFile);

/** Variables a test must not pass on to what it runs as a user would. */
const DROPPED = /^(npm_|INIT_CWD$|DATABASE_URL$|REDIS_URL$|DASHKIT_|VITEST|NODE_OPTIONS$|TEST$|CI$)/;

/** The environment of a user's shell: this one minus runner, npm and CI variables, plus `extra`. */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    // npm's cache stays shared: installing the packed tarball then needs no network for what `npm ci` fetched.
    if (value !== undefined && (!DROPPED.test(name) || name === 'npm_config_cache')) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `command` to its end; never rejects for a non-zero exit (the test checks `code`). */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      timeout: options.timeoutMs ?? 300_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout = '', stderr = '' } = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof code === 'number' ? code : 1,
      stdout,
      stderr: `${stderr}${typeof code === 'string' ? code : ''}`,
    };
  }
}

export interface Started {
  readonly process: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the whole process group; resolves with the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/** Starts a long-running command in a process group of its own. */
export function start(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Started {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const listener of listeners) listener();
  });
  return {
    process: child,
    output: () => output,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}:\n${output}`)), timeoutMs);
        const check = () => {
          const m = pattern.exec(output);
          if (m) finish(undefined, m);
          else if (done) finish(new Error(`${command} exited before printing ${pattern}:\n${output}`));
        };
        function finish(error?: Error, match?: RegExpMatchArray) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(match!);
        }
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (!done && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // Already gone.
        }
      }
      return exited;
    },
  };
}

/** `npm pack` of the repository (built beforehand) into `dir`; returns the tarball's path. */
export async function packDashkit(dir: string): Promise<string> {
  const packed = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT, env: userEnv() });
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stdout}${packed.stderr}`);
  const tarball = readdirSync(dir).find((name) => /^dashkitjs-.*\.tgz$/.test(name));
  if (!tarball) throw new Error(`npm pack wrote no dashkitjs-*.tgz into ${dir}:\n${packed.stdout}`);
  return join(dir, tarball);
}
