/**
 * The built executable (dist/cli.js, what `npx dashkit` runs) starts, on the
 * real build: bundling splits the CLI into chunks, and a chunk loaded lazily
 * that shares a module with the entry once deadlocked `serve` (exit 13, no
 * output) while the source ran fine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../support/examples.js';

const CLI = join(ROOT, 'dist', 'cli.js');
let child: ChildProcess | undefined;

beforeAll(async () => {
  await ensureBuilt();
}, 600_000);

afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

it('serves the demo from dist/cli.js and answers v1/meta', async () => {
  const proc = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /dashkit serving (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`dashkit serve exited with ${code}: ${out}${err}`)));
  });
  const meta = (await (await fetch(`${url}/v1/meta`)).json()) as { version: string };
  expect(meta.version).toBe('1');
  const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
  proc.kill('SIGTERM');
  expect(await exited).toBe(0);
}, 120_000);

it('prints its version from dist/cli.js', async () => {
  const proc = spawn(process.execPath, [CLI, '--version'], { cwd: ROOT });
  let out = '';
  proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', resolve));
  expect(code).toBe(0);
  expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
});
