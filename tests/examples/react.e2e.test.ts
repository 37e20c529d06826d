/**
 * examples/react: type-checks the app (and proves the JSX typing rejects
 * misuse), builds it with Vite, starts its server (`npm start`), and checks
 * in Chromium that the token reaches the board as a property and that the
 * period filter reaches React's `ondash-period-change` handler.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  linkDashkit,
  openPage,
  renderedStatValues,
  RESULTS_DIR,
  ROOT,
  startExample,
  typecheck,
  type RunningExample,
} from '../support/examples.js';

const DIR = join(ROOT, 'examples', 'react');
const TOKEN = randomBytes(18).toString('base64url');

let app: RunningExample | undefined;

beforeAll(async () => {
  await ensureBuilt();
  linkDashkit(DIR);
}, 300_000);

afterAll(async () => {
  await app?.stop();
});

describe('examples/react', () => {
  it('type-checks, and its JSX typing rejects wrong attribute types', async () => {
    const [example, misuse] = await Promise.all([typecheck(DIR), typecheck(join(DIR, 'typing-check'))]);
    expect(example.output).toBe('');
    expect(example.ok).toBe(true);
    // typing-check/misuse.tsx marks each misuse with @ts-expect-error: an accepted misuse fails tsc (TS2578).
    expect(misuse.output).toBe('');
    expect(misuse.ok).toBe(true);
  }, 120_000);

  it('renders with the token property and persists the period the user picks', async () => {
    await build({ root: DIR, logLevel: 'warn' });
    app = await startExample(DIR, 'server.ts', { DASHBOARD_TOKEN: TOKEN });

    const opened = await openPage();
    const { page, problems } = opened;
    const statsQueries: URLSearchParams[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname !== '/api/v1/stats') return;
      expect(request.headers()['authorization']).toBe(`Bearer ${TOKEN}`);
      statsQueries.push(url.searchParams);
    });
    try {
      await page.goto(app.url);
      const status = page.getByRole('status');
      await expect.poll(() => status.textContent()).toBe('Saved period: server default');
      const values = await renderedStatValues(page, 4);
      expect(values[0]).toMatch(/^\$[\d,.]+[KM]?$/);
      expect(values[3]).toMatch(/^[\d.]+\s?%$/); // conversion rate
      // A property, never an attribute: the token does not show in the DOM.
      expect(await page.locator('dash-board').getAttribute('token')).toBeNull();
      expect(statsQueries.length).toBeGreaterThan(0);

      await page.locator('dash-period-filter [data-range="month"]').click();
      await expect.poll(() => status.textContent()).toBe('Saved period: month');
      expect(await page.locator('dash-board').getAttribute('range')).toBe('month');
      await expect.poll(() => statsQueries.some((q) => q.get('range') === 'month')).toBe(true);
      await page.locator('dash-chart canvas').first().waitFor({ timeout: 60_000 });

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'react.png'), fullPage: true });

      // Restored from localStorage on the next visit.
      await page.reload();
      await expect.poll(() => status.textContent()).toBe('Saved period: month');
      await expect
        .poll(() => page.locator('dash-period-filter [data-range="month"]').getAttribute('aria-checked'))
        .toBe('true');
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 240_000);
});
