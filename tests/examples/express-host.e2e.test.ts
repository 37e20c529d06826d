/**
 * examples/express-host: an Express app with its own sign-in, mounting the
 * adapter under /admin/dashboard/api. Anonymous API calls get 401
 * problem+json; a signed-in staff user sees every customer, a customer only
 * their own rows — the scope comes from the host's session cookie through
 * `authorize`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
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

const DIR = join(ROOT, 'examples', 'express-host');
const API = '/admin/dashboard/api';

let host: RunningExample;

beforeAll(async () => {
  await ensureBuilt();
  linkDashkit(DIR);
  host = await startExample(DIR, 'src/server.ts', { SESSION_SECRET: randomBytes(32).toString('hex') });
}, 300_000);

afterAll(async () => {
  await host?.stop();
});

/** POSTs the sign-in form; returns the session cookie (`name=value`) it sets, if any. */
async function login(email: string, password = 'demo'): Promise<{ status: number; cookie?: string }> {
  const response = await fetch(`${host.url}/login`, {
    method: 'POST',
    body: new URLSearchParams({ email, password }),
    redirect: 'manual',
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  return { status: response.status, ...(cookie ? { cookie } : {}) };
}

/** Signs in through the page's form, as a person would, and waits for the dashboard. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${host.url}/admin`);
  await page.waitForURL(/\/login$/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin$/);
}

describe('examples/express-host', () => {
  it('type-checks', async () => {
    const result = await typecheck(DIR);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  }, 120_000);

  it('answers anonymous API calls with 401 problem+json, and signed-in ones by their scope', async () => {
    const anonymous = await fetch(`${host.url}${API}/v1/stats?metrics=revenue`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await anonymous.json()).toMatchObject({ status: 401, title: 'Unauthorized' });

    expect((await login('staff@example.com', 'wrong')).status).toBe(401);
    const forged = `session=${Buffer.from('staff@example.com').toString('base64url')}.forged`;
    expect((await fetch(`${host.url}${API}/v1/meta`, { headers: { cookie: forged } })).status).toBe(401);

    const staff = await login('staff@example.com');
    const customer = await login('orchard@example.com');
    expect(staff.status).toBe(303);
    expect(staff.cookie).toMatch(/^session=/);
    const aging = async (cookie: string | undefined) => {
      const response = await fetch(`${host.url}${API}/v1/aging?limit=5`, { headers: { cookie: cookie ?? '' } });
      expect(response.status).toBe(200);
      return (await response.json()) as { total: number; customers: { name: string }[] };
    };
    expect((await aging(staff.cookie)).total).toBeGreaterThan(100);
    const own = await aging(customer.cookie);
    expect(own.total).toBe(1);
    expect(own.customers.map((c) => c.name)).toEqual(['Orchard Media & Sons']);
  }, 60_000);

  it('renders the widgets for a signed-in staff user, with every customer', async () => {
    const opened = await openPage();
    const { page, problems } = opened;
    try {
      await signIn(page, 'staff@example.com');
      const values = await renderedStatValues(page, 4);
      const money = expect.stringMatching(/^\$[\d,.]+[KM]?$/);
      // revenue, orders, receivables, overdue
      expect(values).toEqual([money, expect.stringMatching(/^[\d,.]+[KM]?$/), money, money]);
      const rows = page.locator('dash-aging-table tr.row');
      await rows.first().waitFor({ timeout: 60_000 });
      expect(await rows.count()).toBeGreaterThan(1);
      await page.locator('dash-chart canvas').first().waitFor({ timeout: 60_000 });
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'express-host-staff.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 120_000);

  it('shows a customer only their own data, and sends an anonymous visitor to /login', async () => {
    const opened = await openPage();
    const { page, problems } = opened;
    try {
      await signIn(page, 'orchard@example.com');
      await renderedStatValues(page, 4);
      const rows = page.locator('dash-aging-table tr.row');
      await rows.first().waitFor({ timeout: 60_000 });
      expect(await rows.allTextContents()).toEqual([expect.stringContaining('Orchard Media & Sons')]);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'express-host-customer.png'), fullPage: true });

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(/\/login$/);
      await page.goto(`${host.url}/admin`);
      await page.waitForURL(/\/login$/);
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 120_000);
});
