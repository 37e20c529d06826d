/**
 * `dashkit verify` against the project's own adapter (which must pass every
 * check) and against a deliberately broken copy of it (which must fail, with
 * the failing checks named). One demo server for the whole file: seeding takes
 * seconds. The broken server is a node:http proxy that corrupts the adapter's
 * answers the way a buggy backend would.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../../server.js';
import { listen, type Listening } from '../../node.js';
import { type CheckResult, verifyBackend, type VerifyReport } from './index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BASE_PATH = '/dashboard/api';

let dashboard: DashboardServer;
let good: Listening;
let broken: Listening;

/** The adapter's answer to `request`, spoiled the way a buggy backend would spoil it. */
async function spoil(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.slice(BASE_PATH.length);
  if (path.startsWith('/v1/nowhere') || path === '/v1/no-such-endpoint') {
    return new Response('<h1>not here</h1>', { status: 404, headers: { 'content-type': 'text/html' } });
  }
  if (path === '/v1/stats' && url.searchParams.has('calendar')) {
    // A backend that takes `calendar` and answers in the Gregorian calendar anyway.
    url.searchParams.delete('calendar');
    return spoil(new Request(url, { headers: request.headers }));
  }
  const headers = new Headers(request.headers);
  // No ETag on low-stock, so no 304 either.
  if (path === '/v1/low-stock') headers.delete('if-none-match');
  const response = await dashboard.fetch(new Request(request.url, { headers }));
  if (path === '/v1/stats' && response.status === 400) {
    return new Response(JSON.stringify({ error: 'boom' }), {
      status: 500,
      headers: { 'content-type': 'application/json' },
    });
  }
  if (response.status !== 200) return response;
  const body = (await response.json()) as Record<string, unknown>;
  const out = new Headers(response.headers);
  out.delete('content-length');
  if (path === '/v1/stats' && url.searchParams.has('filter')) {
    // A backend that takes the filter but neither applies nor echoes it.
    const unfiltered = new URL(request.url);
    unfiltered.searchParams.delete('filter');
    const plain = (await (await dashboard.fetch(new Request(unfiltered, { headers }))).json()) as typeof body;
    return new Response(JSON.stringify({ ...plain, generatedAt: body['generatedAt'] }), { status: 200, headers: out });
  } else if (path === '/v1/series') {
    // A gap: the middle bucket of every series is missing.
    for (const s of body['series'] as { points: unknown[] }[]) if (s.points.length >= 3) s.points.splice(1, 1);
  } else if (path === '/v1/aging') {
    // Bucket totals that do not add up: one cent too much in `current`.
    const totals = body['totals'] as Record<string, string>;
    totals['current'] = (Number(totals['current']) + 0.01).toFixed(2);
  } else if (path === '/v1/breakdown') {
    // The `other` row dropped: rows no longer sum to the total.
    body['rows'] = (body['rows'] as { key: string }[]).filter((r) => r.key !== 'other');
  } else if (path === '/v1/low-stock') {
    out.delete('etag');
    // Out-of-stock items listed last instead of first.
    const items = body['items'] as { status: string }[];
    items.sort((a, b) => Number(a.status === 'out') - Number(b.status === 'out'));
  }
  return new Response(JSON.stringify(body), { status: 200, headers: out });
}

beforeAll(async () => {
  // Berlin: the checker's custom range then spans a real DST change.
  dashboard = createDashboardServer({ seedDemo: true, timezone: 'Europe/Berlin', basePath: BASE_PATH });
  await dashboard.ready;
  good = await listen({ fetch: (r) => dashboard.fetch(r) }, { port: 0 });
  broken = await listen({ fetch: spoil }, { port: 0 });
}, 120_000);

afterAll(async () => {
  await Promise.all([good?.close(), broken?.close()]);
  await dashboard?.close();
});

function failing(report: VerifyReport): CheckResult[] {
  return report.results.filter((r) => r.status === 'fail');
}

describe('dashkit verify', () => {
  it('passes the project’s own server on every check', async () => {
    const report = await verifyBackend({ baseUrl: `${good.url}${BASE_PATH}` });
    expect(failing(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.skipped).toBe(0);
    const rows = report.results.map((r) => `${r.endpoint} ${r.check}`);
    for (const row of [
      'v1/series gap-fill',
      'v1/series granularity',
      'v1/stats agreement',
      'v1/stats period',
      'v1/stats calendars',
      'v1/aging totals',
      'v1/aging paging',
      'v1/aging sort',
      'v1/aging/customers/{id}/invoices drill-down',
      'v1/low-stock order',
      'v1/breakdown rows',
      'v1/stats bad-params',
      'v1/stats filters',
      'v1/series filters',
      'v1/breakdown filters',
      'v1/segments filters',
      'v1/aging filters',
      'v1/aging bucket',
      'v1/low-stock etag',
      'v1/* not-found',
    ]) {
      expect(rows).toContain(row);
    }
    // The custom range really crossed Berlin's DST change.
    expect(report.results.find((r) => r.check === 'gap-fill')?.detail).toMatch(
      /across the DST change of \d{4}-\d{2}-\d{2} in Europe\/Berlin/,
    );
  }, 180_000);

  it('fails a broken server, naming each failing check', async () => {
    const report = await verifyBackend({ baseUrl: `${broken.url}${BASE_PATH}` });
    expect(report.ok).toBe(false);
    const failed = new Map(failing(report).map((r) => [`${r.endpoint} ${r.check}`, r.detail]));
    expect(failed.get('v1/series gap-fill')).toMatch(/missing bucket|bucket 1 is/);
    expect(failed.get('v1/stats agreement')).toMatch(/trend differs from the (day|week|month) series/);
    expect(failed.get('v1/stats bad-params')).toMatch(/→ 500.*expected 400/);
    expect(failed.get('v1/aging totals')).toMatch(/totals\.current .* ≠ sum over \d+ customers/);
    expect(failed.get('v1/breakdown rows')).toMatch(/rows sum to .*, total is/);
    expect(failed.get('v1/stats filters')).toMatch(/filter=customer:\d+: revenue is .*, its breakdown row \d+ says/);
    expect(failed.get('v1/low-stock etag')).toMatch(/no ETag header/);
    expect(failed.get('v1/stats calendars')).toMatch(/range=month&calendar=persian: period .*, expected/);
    expect(failed.get('v1/low-stock order')).toMatch(/\(out, .*\) listed before|\(low, .*\) listed before/);
    expect(failed.get('v1/* not-found')).toMatch(/content-type "text\/html".*problem\+json|not a problem document/);
    // What was not spoiled still passes.
    const passed = report.results.filter((r) => r.status === 'pass').map((r) => `${r.endpoint} ${r.check}`);
    expect(passed).toEqual(
      expect.arrayContaining(['v1/meta contents', 'v1/aging sort', 'v1/series granularity', 'v1/health status']),
    );
  }, 180_000);

  it('exits 1 with a table naming the failures, 0 for a conforming backend (CLI)', async () => {
    const run = (...args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'server-adapter/bin/cli.ts', 'verify', ...args],
          { cwd: ROOT, maxBuffer: 1 << 24 },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const [bad, ok] = await Promise.all([
      run(`${broken.url}${BASE_PATH}`, '--timeout', '30'),
      // A generous timeout: on a loaded CI machine a report can take seconds the first time.
      run(`${good.url}${BASE_PATH}/`, '--json', '--header', 'X-Verify: yes', '--timeout', '60'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^v1\/series +gap-fill +FAIL +/m);
    expect(bad.stdout).toMatch(/does NOT conform to contract v1/);
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as VerifyReport;
    expect(report).toMatchObject({ ok: true, failed: 0, baseUrl: `${good.url}${BASE_PATH}` });
  }, 240_000);
});
