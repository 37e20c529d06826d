/**
 * examples/python-backend: the page beside the Python server, served as written (only the backend URL
 * swapped for this run's) from another origin, loads dist/cdn/dashkit.js and shows every widget from
 * contract v1 as standard-library Python serves it. Needs `python3`; skipped without it, except in CI.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, staticFiles, type Listening } from '../../server-adapter/index.js';
import { deepTexts, ensureBuilt, openPage, renderedStatValues, RESULTS_DIR, ROOT } from '../support/examples.js';

const EXAMPLE = join(ROOT, 'examples', 'python-backend');
const PAGE = 'examples/python-backend/index.html';
/** Where the page (and the README) expects the backend: `python3 server.py --port 8000`. */
const BACKEND_IN_PAGE = 'http://127.0.0.1:8000';
const hasPython = spawnSync('python3', ['--version']).status === 0;
const run = hasPython || process.env.CI === 'true';

let site: Listening | undefined;
let python: ChildProcessWithoutNullStreams | undefined;
let api = '';

/** Starts `python3 server.py --port 0` allowing `origin`, and resolves with the URL it prints. */
async function startPython(origin: string): Promise<string> {
  const child = spawn('python3', ['server.py', '--port', '0', '--timezone', 'Europe/Berlin', '--cors-origin', origin], {
    cwd: EXAMPLE,
    // No __pycache__ left in the example's folder.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  python = child;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await Promise.race([
    once(createInterface({ input: child.stdout }), 'line').then(([line]) => String(line)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`python3 server.py exited with ${code}: ${stderr}`);
    }),
  ]);
  expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return first;
}

beforeAll(async () => {
  if (!run) return;
  await ensureBuilt();
  const html = readFileSync(join(ROOT, PAGE), 'utf8');
  expect(html).toContain(`src="${BACKEND_IN_PAGE}"`);
  expect(html).toContain('<script type="module" src="../../dist/cdn/dashkit.js"></script>');
  const files = staticFiles(ROOT, '/');
  site = await listen(
    {
      async fetch(request) {
        if (new URL(request.url).pathname === `/${PAGE}`) {
          return new Response(html.replaceAll(BACKEND_IN_PAGE, api), {
            headers: { 'content-type': 'text/html; charset=utf-8' },
          });
        }
        return (await files(request)) ?? new Response('Not Found', { status: 404 });
      },
    },
    { port: 0 },
  );
  api = await startPython(site.url);
}, 240_000);

afterAll(async () => {
  if (python && python.exitCode === null && python.signalCode === null) {
    const exited = once(python, 'exit');
    python.kill('SIGTERM');
    await exited;
  }
  await site?.close();
});

describe.runIf(run)('examples/python-backend', () => {
  it('renders every widget from the Python backend on another origin', async () => {
    const opened = await openPage({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = opened;
    try {
      await page.goto(`${site!.url}/${PAGE}`);
      expect(new URL(api).origin).not.toBe(new URL(site!.url).origin);

      const values = await renderedStatValues(page, 4);
      expect(values[0]).toMatch(/^\$[\d,.]+[KM]?$/); // revenue, in the backend's USD
      expect(values[1]).toMatch(/^[\d,.]+[KM]?$/); // orders
      expect(values[3]).toMatch(/^\$[\d,.]+[KM]?$/); // receivables
      // Receivables is point-in-time: no change badge, "As of now" instead of "vs …".
      expect(await deepTexts(page, '[part~="comparison"]')).toContain('As of now');

      await page.locator('dash-chart').scrollIntoViewIfNeeded();
      await page.locator('dash-chart canvas').first().waitFor({ timeout: 60_000 });

      const aging = page.locator('dash-aging-table');
      await aging.scrollIntoViewIfNeeded();
      await aging.locator('tr.row').first().waitFor({ timeout: 60_000 });
      expect(await aging.locator('tr.row').count()).toBeGreaterThan(1);
      await aging.locator('[part~="expand"]').first().click();
      await aging.locator('[part~="invoices"] tbody tr').first().waitFor({ timeout: 30_000 });
      expect(await aging.locator('[part~="invoices"] tbody tr').count()).toBeGreaterThan(0);

      const lowStock = page.locator('dash-low-stock');
      await lowStock.scrollIntoViewIfNeeded();
      await lowStock.locator('[part~="table"] tbody tr').first().waitFor({ timeout: 60_000 });
      expect(await lowStock.locator('[part~="table"] tbody tr').count()).toBeGreaterThan(0);

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'python-backend.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 180_000);
});
