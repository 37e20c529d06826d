/**
 * The package as a user gets it, outside this repository: `npm pack`, the
 * tarball installed into an empty folder, then the commands of the guides
 * run from there — `npx dashkit serve` on the embedded demo database with
 * nothing else installed, `npx dashkit verify` against it, the demo page
 * loading the single-file bundle (and its lazy chart chunk) from the
 * installed files, `npx dashkit triggers` once `pg` is installed. A flag
 * whose driver is missing (`--database-url` without `pg`, `--redis-url`
 * without `ioredis`, the demo without `@electric-sql/pglite`) stops with one
 * line naming the package to install: no stack trace.
 *
 * npm installs from its cache (what `npm ci` fetched), so this needs no
 * network beyond what the repository's own install needed.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_ENABLED, pgSchemaDatabase, type SchemaDatabase } from '../support/databases.js';
import { ensureBuilt, openPage, renderedStatValues, RESULTS_DIR } from '../support/examples.js';
import { packDashkit, run, start, type Started, userEnv } from '../support/processes.js';

const SETUP_MS = 600_000;
let work = '';
let app = '';
const started: Started[] = [];

/** `npx dashkit …` in the user's folder. */
const npx = (args: string[], env?: Record<string, string>) =>
  run('npx', ['dashkit', ...args], { cwd: app, env: userEnv(env) });

/** Starts `npx dashkit serve …` and resolves with the URL it prints. */
async function serve(args: string[]): Promise<{ url: string; server: Started }> {
  const server = start('npx', ['dashkit', 'serve', '--port', '0', ...args], { cwd: app, env: userEnv() });
  started.push(server);
  const [, url] = await server.waitFor(/dashkit serving (http:\/\/\S+)/);
  return { url: url!, server };
}

/** The lines a failed command wrote, and that it wrote no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '' && !/^npm (warn|notice)/i.test(line));
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

beforeAll(async () => {
  await ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'dashkit-packed-'));
  const tarball = await packDashkit(work);
  app = join(work, 'app');
  mkdirSync(app);
  // The guide's own steps: an empty folder, `npm init -y`, `npm install <the package>`.
  expect((await run('npm', ['init', '-y'], { cwd: app })).code).toBe(0);
  const installed = await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app });
  expect(installed.code, installed.stderr).toBe(0);
}, SETUP_MS);

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package installed into an empty folder', () => {
  it('brings the embedded database, and neither pg nor ioredis', () => {
    expect(existsSync(join(app, 'node_modules', 'dashkitjs', 'dist', 'cli.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', '@electric-sql', 'pglite', 'package.json'))).toBe(true);
    expect(existsSync(join(app, 'node_modules', 'pg'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'ioredis'))).toBe(false);
  });

  it('lists its commands under `npx dashkit --help`', async () => {
    const help = await npx(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'verify', 'triggers', 'doctor'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it(
    'serves the demo with `npx dashkit serve`, passes `npx dashkit verify`, and its page loads the bundle from the installed files',
    async () => {
      const { url } = await serve([]);
      const verified = await npx(['verify', url]);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/\d+ checks: \d+ passed, 0 failed/);

      const opened = await openPage();
      try {
        const bundles: string[] = [];
        opened.page.on('response', (response) => {
          if (response.url().includes('/dist/cdn/')) bundles.push(new URL(response.url()).pathname);
        });
        await opened.page.goto(url);
        const values = await renderedStatValues(opened.page, 4);
        expect(values.every((v) => /\d/.test(v))).toBe(true);
        // The chart library is a lazy chunk beside dashkit.js: scrolling a chart into view loads it.
        await opened.page.locator('dash-chart').first().scrollIntoViewIfNeeded();
        await opened.page.waitForFunction(() =>
          [...document.querySelectorAll('dash-chart')].some((chart) => chart.shadowRoot?.querySelector('canvas, svg')),
        );
        expect(bundles).toContain('/dist/cdn/dashkit.js');
        expect(bundles.length).toBeGreaterThan(1);
        mkdirSync(RESULTS_DIR, { recursive: true });
        await opened.page.screenshot({ path: join(RESULTS_DIR, 'packed-demo.png'), fullPage: true });
        expect(opened.problems).toEqual([]);
      } finally {
        await opened.close();
      }
    },
    SETUP_MS,
  );

  it('says in one line to install pg for --database-url, and ioredis for --redis-url', async () => {
    const pg = await npx(['serve', '--port', '0', '--database-url', 'postgres://nobody@127.0.0.1:1/none']);
    expect(pg.code).toBe(1);
    expect(oneLine(pg.stderr)).toBe(
      'dashkit serve: PostgreSQL (--database-url) needs the package pg, which is not installed: run npm install pg',
    );
    const triggers = await npx(['triggers', '--database-url', 'postgres://nobody@127.0.0.1:1/none']);
    expect(triggers.code).toBe(1);
    expect(oneLine(triggers.stderr)).toMatch(/^dashkit triggers: .*needs the package pg.*: run npm install pg$/);
    const redis = await npx(['serve', '--port', '0', '--redis-url', 'redis://127.0.0.1:1']);
    expect(redis.code).toBe(1);
    expect(oneLine(redis.stderr)).toBe(
      'dashkit serve: Redis (--redis-url) needs the package ioredis, which is not installed: run npm install ioredis',
    );
  }, 120_000);

  describe.skipIf(!PG_ENABLED)('with pg installed', () => {
    let db: SchemaDatabase | undefined;
    beforeAll(async () => {
      db = await pgSchemaDatabase();
      const installed = await run('npm', ['install', 'pg', '--prefer-offline', '--no-audit', '--no-fund'], {
        cwd: app,
      });
      expect(installed.code, installed.stderr).toBe(0);
    }, SETUP_MS);
    afterAll(async () => {
      await db?.close();
    });

    it('installs the NOTIFY triggers with `npx dashkit triggers`', async () => {
      const result = await npx(['triggers', '--database-url', db!.url]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`installed on ${db!.schema}.customers, ${db!.schema}.orders`);
      const triggers = await db!.source.query<{ table: string }>(
        `SELECT DISTINCT event_object_table AS table FROM information_schema.triggers
          WHERE trigger_schema = $1 AND trigger_name LIKE 'dashkit\\_invalidate%' ORDER BY 1`,
        [db!.schema],
      );
      // Tables with a time column get insert/update/delete triggers that send the changed times (issue 12).
      expect(triggers.map((t) => t.table)).toEqual(['customers', 'invoices', 'order_lines', 'orders', 'products']);
    }, 120_000);
  });

  it('without the embedded database installed (npm install --omit=optional), says in one line what to install', async () => {
    rmSync(join(app, 'node_modules', '@electric-sql'), { recursive: true, force: true });
    const demo = await npx(['serve', '--port', '0']);
    expect(demo.code).toBe(1);
    expect(oneLine(demo.stderr)).toBe(
      'dashkit serve: The embedded database (used without --database-url) needs the package @electric-sql/pglite, which is not installed: run npm install @electric-sql/pglite',
    );
  }, 120_000);
});
