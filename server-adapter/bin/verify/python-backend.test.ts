/**
 * The non-Node example (examples/python-backend, standard-library Python over
 * SQLite) passes `dashkit verify`: the proof that the contract stands alone.
 * Needs `python3`; skipped without it, except in CI where it must run.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackend } from './index.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/python-backend/', import.meta.url));
const ORIGIN = 'https://shop.example.com';
const hasPython = spawnSync('python3', ['--version']).status === 0;
const run = hasPython || process.env.CI === 'true';

let child: ChildProcessWithoutNullStreams | undefined;
let url = '';

beforeAll(async () => {
  if (!run) return;
  child = spawn('python3', ['server.py', '--port', '0', '--timezone', 'Europe/Berlin', '--cors-origin', ORIGIN], {
    cwd: EXAMPLE,
    // No __pycache__ left in the example's folder.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => String(line)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`python3 server.py exited with ${code}: ${stderr}`);
    }),
  ]);
  expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  url = first;
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
});

describe.runIf(run)('examples/python-backend', () => {
  it('passes dashkit verify on every check', async () => {
    const report = await verifyBackend({ baseUrl: url });
    // The Python example implements contract v1.0: the v1.1 calendar check says so and is skipped, nothing else.
    expect(report.results.filter((r) => r.status !== 'pass').map((r) => [r.check, r.status])).toEqual([
      ['calendars', 'skip'],
    ]);
    expect(report.ok).toBe(true);
    expect(report.results.find((r) => r.check === 'gap-fill')?.detail).toMatch(
      /across the DST change of .* in Europe\/Berlin/,
    );
  }, 120_000);

  it('answers CORS for the configured origin only', async () => {
    const allowed = await fetch(`${url}/v1/meta`, { headers: { origin: ORIGIN } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const other = await fetch(`${url}/v1/meta`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/v1/stats`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });
});
