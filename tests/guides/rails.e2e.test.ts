/**
 * docs/getting-started-rails.md followed end to end with a real Rails
 * (Debian's ruby-rails 6.1, ruby-pg, puma) on a PostgreSQL database of its
 * own: the guide's generators, models, SQL schema dump, views migration,
 * grants, module, concern, controller, routes and view written as printed;
 * dashkit from the packed tarball. Then, as printed (only ports and the role
 * name changed — roles are global to the server):
 *
 * - `dashkit doctor` as the guide's read-only user finds no problem;
 * - the `after_commit` concern's webhook reaches an open event stream;
 *   `update_all` (no callback) does once `dashkit triggers` printed what the
 *   guide shows;
 * - every chart day equals SQL over Rails' UTC columns in Berlin days — the
 *   mistake the views' `AT TIME ZONE 'UTC'` prevents;
 * - `dashkit verify` passes with the guide's staff token and two customers';
 * - in Chromium, through `--proxy`, staff and a customer see their numbers.
 *
 * The app's own sign-in, which the guide assumes, is a test stand-in (the
 * user id in the session). Skipped outside CI without Rails, with the apt command.
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriesResponse } from '../../src/contract/index.js';
import { createPgSource } from '../../server-adapter/sources/pg.js';
import type { Source } from '../../server-adapter/sources/source.js';
import { connectSse, type SseClient } from '../integration/support/sse.js';
import { sparePort } from '../integration/support/services.js';
import { PG_ENABLED } from '../support/databases.js';
import { ensureBuilt, openPage, renderedStatValues, RESULTS_DIR } from '../support/examples.js';
import { packDashkit, run, start, type Started, userEnv } from '../support/processes.js';
import { appDatabase, type AppDatabase, readGuide } from './guide.js';

const guide = readGuide('getting-started-rails.md', 'rails');
const SETUP_MS = 900_000;
const JWT_SECRET = 'r'.repeat(16) + '0123456789abcdef0123456789abcdef';
const INVALIDATE_SECRET = 'rails-webhook-secret-0123456789';
const ROLE = `dk_reader_${randomBytes(4).toString('hex')}`;

const INSTALL = 'apt-get install -y ruby-rails ruby-pg puma ruby-byebug ruby-web-console';
const hasRails =
  spawnSync('rails', ['--version'], { stdio: 'ignore' }).status === 0 &&
  spawnSync('ruby', ['-rpg', '-rpuma', '-e', '1'], { stdio: 'ignore' }).status === 0;
if (!hasRails && process.env.CI === 'true') throw new Error(`Rails is required in CI: ${INSTALL}`);
if (!hasRails) console.warn(`skipping the Rails guide's end-to-end test: Rails is not installed (${INSTALL})`);

let work = '';
let app = '';
let dashboard = '';
let db: AppDatabase | undefined;
let sql: Source | undefined;
let railsPort = 0;
let dashkitPort = 0;
const running: Started[] = [];

/** Rails' terminal and dashkit's share these; DATABASE_URL is Rails' own (the owner of its tables). */
const env = (extra: Record<string, string> = {}) =>
  userEnv({
    DATABASE_URL: db!.url,
    DASHKIT_JWT_SECRET: JWT_SECRET,
    DASHKIT_INVALIDATE_SECRET: INVALIDATE_SECRET,
    // Where the module's webhook calls go: this run's dashkit, not the default :8787.
    DASHKIT_URL: `http://127.0.0.1:${dashkitPort}/dashboard/api`,
    ...extra,
  });
/** dashkit's terminal: the read-only user of step 2 (any password: the test server trusts local connections). */
const readerUrl = () => {
  const url = new URL(db!.url);
  url.username = ROLE;
  url.password = 'change-me';
  return url.toString();
};

/** The guide's lines as printed, with this run's ports and role name. */
const adapt = (text: string) =>
  text
    .replaceAll('127.0.0.1:8787', `127.0.0.1:${dashkitPort}`)
    .replaceAll('127.0.0.1:3000', `127.0.0.1:${railsPort}`)
    .replaceAll('dashkit_reader', ROLE)
    .replaceAll('postgres://127.0.0.1:5432/shop_development', db!.url);

async function shell(script: string, cwd: string, extra: Record<string, string> = {}) {
  return run('bash', ['-euo', 'pipefail', '-c', adapt(script)], { cwd, env: env(extra) });
}

async function rails(args: string[]): Promise<string> {
  const r = await run('bin/rails', args, { cwd: app, env: env() });
  if (r.code !== 0) throw new Error(`bin/rails ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${text}\n`);
}

/** Sixty days of orders at Berlin times Rails stores as UTC — 23:30 and 00:30 among them. */
const SEED = `
berlin = ActiveSupport::TimeZone["Europe/Berlin"]
boss = User.create!(name: "Boss", staff: true)
customers = (1..6).map { |i| Customer.create!(name: "Customer #{i}", email: "c#{i}@example.com") }
customers[0].update!(user: User.create!(name: "Alice", staff: false))
customers[1].update!(user: User.create!(name: "Bob", staff: false))
products = (1..8).map { |i| Product.create!(sku: "SKU-#{i}", name: "Product #{i}", stock: i < 3 ? 0 : 4 * i, reorder_point: 10) }
statuses = %w[cart placed paid shipped shipped cancelled paid]
today = berlin.today
n = 0
60.times do |back|
  day = today - back
  [[10, 0], [23, 30], [0, 30]].each do |hour, minute|
    n += 1
    placed = berlin.local(day.year, day.month, day.day, hour, minute)
    next if placed > Time.current
    order = Order.create!(customer: customers[n % 6], placed_at: placed, status: statuses[n % 7],
                          total: BigDecimal(10 + (n * 37) % 400) + BigDecimal("0.25"))
    OrderItem.create!(order: order, product: products[n % 8], quantity: 1 + n % 3)
  end
end
(1..24).each do |i|
  issued = today - 5 * i
  Invoice.create!(number: "INV-#{i}", customer: customers[i % 6], issued_on: issued, due_on: issued + 30,
                  total: 100 + 10 * i, paid: i % 4 == 0 ? 100 + 10 * i : 0)
end
`;

describe.skipIf(!hasRails || !PG_ENABLED)('docs/getting-started-rails.md with Rails 6.1', () => {
  beforeAll(async () => {
    await ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'dashkit-rails-'));
    [railsPort, dashkitPort] = [await sparePort(), await sparePort()];
    db = await appDatabase('dk_rails');
    sql = await createPgSource({ connectionString: db.url, poolConfig: { max: 2 } });

    // An app as `rails new` makes it (without the frameworks the guide does not use, for speed).
    const created = await run(
      'rails',
      [
        'new',
        'shop',
        '--database=postgresql',
        '--skip-bundle',
        '--skip-webpack-install',
        '--skip-javascript',
        '--skip-sprockets',
        '--skip-action-mailer',
        '--skip-action-mailbox',
        '--skip-action-text',
        '--skip-active-storage',
        '--skip-action-cable',
        '--skip-spring',
        '--skip-listen',
        '--skip-bootsnap',
        '--skip-test',
        '--skip-system-test',
        '--skip-git',
        '--skip-keeps',
        '--skip-jbuilder',
        '--skip-turbolinks',
      ],
      { cwd: work, env: env() },
    );
    expect(created.code, created.stderr).toBe(0);
    app = join(work, 'shop');
    const bundled = await run('bundle', ['install', '--local'], { cwd: app, env: env() });
    expect(bundled.code, bundled.stdout + bundled.stderr).toBe(0);

    // Before you start: the models, as generated and associated in the guide.
    expect((await shell(guide.blockWith('sh', 'bin/rails generate model User'), app)).code).toBe(0);
    write(join(app, 'app', 'models', 'user.rb'), guide.block('model-user'));
    write(join(app, 'app', 'models', 'customer.rb'), guide.block('model-customer'));

    // Step 1: SQL schema dump, the views migration.
    const application = join(app, 'config', 'application.rb');
    const line = guide.blockWith('ruby', 'schema_format = :sql');
    writeFileSync(
      application,
      readFileSync(application, 'utf8').replace(/(class Application < Rails::Application\n)/, `$1${line}\n`),
    );
    await rails(['generate', 'migration', 'CreateDashkitViews']);
    const migration = readdirSync(join(app, 'db', 'migrate')).find((f) => f.endsWith('_create_dashkit_views.rb'))!;
    write(join(app, 'db', 'migrate', migration), guide.block('views'));
    await rails(['db:migrate']);

    // Step 2: the read-only user, as a superuser would run it.
    await sql.exec(adapt(guide.block('grants')));

    // Steps 3, 5, 6: module, controller, routes, view, concern.
    write(join(app, 'app', 'lib', 'dashkit.rb'), guide.block('dashkit-module'));
    write(join(app, 'app', 'controllers', 'dashboard_controller.rb'), guide.block('controller'));
    write(join(app, 'app', 'models', 'concerns', 'dashkit_invalidation.rb'), guide.block('concern'));
    write(join(app, 'app', 'models', 'order.rb'), guide.block('concern-use'));
    // The CDN script swapped for the guide's self-hosted bundle (copied below): no CDN in a test.
    const view = guide
      .block('view')
      .replace('https://cdn.jsdelivr.net/npm/dashkitjs@0.1.0/dist/cdn/dashkit.js', '/dashkit/dashkit.js');
    expect(view).toContain('src="/dashkit/dashkit.js"');
    write(join(app, 'app', 'views', 'dashboard', 'show.html.erb'), view);
    // The app's own sign-in, which the guide assumes: a stand-in keeping a user id in the session.
    write(
      join(app, 'app', 'controllers', 'application_controller.rb'),
      `class ApplicationController < ActionController::Base
  helper_method :current_user
  def current_user = @current_user ||= User.find_by(id: session[:user_id])
end`,
    );
    write(
      join(app, 'app', 'controllers', 'test_sessions_controller.rb'),
      `class TestSessionsController < ApplicationController
  def create
    session[:user_id] = params[:id]
    redirect_to "/dashboard"
  end
end`,
    );
    const routes = join(app, 'config', 'routes.rb');
    writeFileSync(
      routes,
      readFileSync(routes, 'utf8').replace(
        'Rails.application.routes.draw do\n',
        `Rails.application.routes.draw do\n${guide.block('routes')}\n  get "test-sign-in/:id", to: "test_sessions#create"\n`,
      ),
    );
    await rails(['runner', SEED]);

    // Step 4: dashkit from the packed package, and the bundle copied into public/ as step 5 prints.
    dashboard = join(work, 'dashboard');
    mkdirSync(dashboard);
    const tarball = await packDashkit(work);
    expect(guide.text).toContain('npm install dashkitjs pg');
    for (const args of [
      ['init', '-y'],
      ['install', tarball, 'pg', '--prefer-offline', '--no-audit', '--no-fund'],
    ]) {
      const r = await run('npm', args, { cwd: dashboard, env: env() });
      expect(r.code, r.stderr).toBe(0);
    }
    const copy = /`(mkdir -p \.\.\/shop\/public\/dashkit && cp -r [^`]+)`/.exec(guide.text)![1]!;
    expect((await shell(copy, dashboard)).code).toBe(0);
  }, SETUP_MS);

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await sql?.close();
    await db?.drop();
    const admin = await createPgSource({ connectionString: new URL('/test', db?.url ?? 'postgres://x').toString() });
    await admin.exec(`DROP ROLE IF EXISTS ${ROLE}`).catch(() => {});
    await admin.close();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('step 4: `dashkit doctor` as the read-only user finds no problem', async () => {
    const r = await shell('npx dashkit doctor --timezone Europe/Berlin', dashboard, { DATABASE_URL: readerUrl() });
    expect(r.stdout + r.stderr).toMatch(
      new RegExp(
        `^dashkit doctor: no problems in 5 tables and views, \\d+ columns \\(user ${ROLE}, search_path dashboard\\)`,
      ),
    );
    const printed = /dashkit doctor: no problems in 5 tables and views, (\d+) columns/.exec(guide.text)![1];
    expect(r.stdout).toContain(`, ${printed} columns`);
    expect(r.code).toBe(0);
  }, 120_000);

  describe('steps 4 to 7, running', () => {
    let events: SseClient | undefined;

    beforeAll(async () => {
      const command = guide
        .blockWith('sh', 'npx dashkit serve \\')
        .replace('\\\n  --proxy', `--port ${dashkitPort} \\\n  --proxy`);
      const serve = start('bash', ['-c', adapt(command)], {
        cwd: dashboard,
        env: env({ DATABASE_URL: readerUrl() }),
      });
      running.push(serve);
      await serve.waitFor(/dashkit serve: open your app at/);
      const server = start('bin/rails', ['server', '-p', String(railsPort), '-b', '127.0.0.1'], {
        cwd: app,
        env: env(),
      });
      running.push(server);
      await server.waitFor(/Listening on/);
      const token = (await rails(['runner', 'puts Dashkit.events_token(User.find_by!(staff: true))'])).trim();
      events = await connectSse(`http://127.0.0.1:${dashkitPort}/dashboard/api/v1/events?access_token=${token}`);
      await events.next();
    }, 300_000);
    afterAll(async () => {
      await events?.close();
    }, 30_000);

    it('step 6: the after_commit concern reaches the event stream; update_all does once the triggers are in', async () => {
      await rails(['runner', 'o = Order.where(status: "paid").last; o.update!(total: o.total + 1)']);
      expect(JSON.parse((await events!.nextEvent('invalidate', 20_000)).data!).topics).toEqual(['orders']);

      const triggers = await shell(guide.blockWith('sh', 'npx dashkit triggers --database-url'), dashboard);
      expect(triggers.code, triggers.stderr).toBe(0);
      expect(triggers.stdout.trim()).toBe(guide.blockWith('text', 'dashkit triggers: installed on').trim());
      await rails(['runner', 'Order.where(status: "cart").update_all(status: "cancelled")']);
      expect(JSON.parse((await events!.nextEvent('invalidate', 20_000)).data!).topics).toEqual(['orders']);
    }, 120_000);

    it('puts every order on its Berlin day: each chart point equals SQL over the UTC columns', async () => {
      const token = (await rails(['runner', 'puts Dashkit.session_token(User.find_by!(staff: true))'])).trim();
      const response = await fetch(
        `http://127.0.0.1:${dashkitPort}/dashboard/api/v1/series?metrics=revenue&range=30d&granularity=day&compare=none`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const series = SeriesResponse.parse(await response.json());
      const rows = await sql!.query<{ day: string; revenue: string }>(
        `SELECT ((placed_at AT TIME ZONE 'UTC') AT TIME ZONE 'Europe/Berlin')::date::text AS day, sum(total)::text AS revenue
           FROM public.orders WHERE status IN ('placed', 'paid', 'shipped') GROUP BY 1`,
      );
      const expected = new Map(rows.map((r) => [r.day, Number(r.revenue)]));
      const points = series.series[0]!.points;
      expect(points).toHaveLength(30);
      for (const p of points) expect(Number(p.v), p.t).toBe(expected.get(p.t) ?? 0);
    }, 120_000);

    it('step 4 and 7: `dashkit verify` passes with the staff token, and finds no leak with two customers’', async () => {
      const staff = guide.blockWith('sh', 'export STAFF_TOKEN=');
      const customers = guide.blockWith('sh', 'export CUSTOMER_A=');
      const r = await shell(`${staff}\n${customers}`, app);
      expect(r.stdout, r.stderr).toMatch(/\d+ checks: \d+ passed, 0 failed/);
      expect(r.stdout).toMatch(/v1\/low-stock +scope +PASS/);
      expect(r.code).toBe(0);
    }, 300_000);

    it('step 5 in Chromium through --proxy: staff see every card, a customer their own three', async () => {
      const opened = await openPage();
      try {
        const { page } = opened;
        const [boss] = await sql!.query<{ id: number }>(`SELECT id FROM users WHERE staff ORDER BY id LIMIT 1`);
        await page.goto(`http://127.0.0.1:${dashkitPort}/test-sign-in/${boss!.id}`);
        await page.waitForURL(/\/dashboard$/);
        const values = await renderedStatValues(page, 4);
        const [row] = await sql!.query<{ v: string }>(
          `SELECT coalesce(sum(amount), 0)::text AS v FROM dashboard.orders WHERE state IN ('sale', 'done')
             AND (ordered_at AT TIME ZONE 'Europe/Berlin')::date
                 BETWEEN (now() AT TIME ZONE 'Europe/Berlin')::date - 29 AND (now() AT TIME ZONE 'Europe/Berlin')::date`,
        );
        expect(values[0]).toBe(
          new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(Number(row!.v)),
        );
        expect(await page.locator('dash-low-stock').count()).toBe(1);
        mkdirSync(RESULTS_DIR, { recursive: true });
        await page.screenshot({ path: join(RESULTS_DIR, 'rails-staff.png'), fullPage: true });

        const [alice] = await sql!.query<{ id: number }>(`SELECT id FROM users WHERE name = 'Alice'`);
        await page.goto(`http://127.0.0.1:${dashkitPort}/test-sign-in/${alice!.id}`);
        await page.waitForURL(/\/dashboard$/);
        expect(await renderedStatValues(page, 3)).toHaveLength(3);
        expect(await page.locator('dash-low-stock').count()).toBe(0);
        // The generated layout links a stylesheet the asset-less test app does not have.
        const problems = opened.problems.filter((p) => !/application\.css|favicon\.ico/.test(p));
        expect(problems, problems.join('\n')).toEqual([]);
      } finally {
        await opened.close();
      }
    }, 300_000);
  });
});
