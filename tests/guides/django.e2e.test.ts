/**
 * docs/getting-started.md followed end to end with a real Django (Debian's
 * python3-django 3.2 and python3-psycopg2) on a PostgreSQL database of its
 * own: `startproject`, the guide's models, migrations, settings, modules,
 * URLs and templates written as printed; dashkit installed from the packed
 * tarball as `npm install dashkitjs pg` would; then the guide's commands —
 * `doctor` (no problem), `triggers` (its printed output), `serve --proxy`,
 * `verify` with a staff token and with two customers' tokens, all run by a
 * shell as printed (only ports changed).
 *
 * In Chromium, through dashkit's port: staff sign in on the guide's login
 * page and see numbers equal to SQL over the views in Berlin days; a
 * `QuerySet.update()` (no signal) reaches the open page through the
 * triggers; a customer sees only their own numbers and no staff widget;
 * and the guide's cookie view (no token script) works through `--proxy`.
 *
 * The template's CDN script is swapped for the guide's self-hosted one
 * (`cp -r node_modules/dashkitjs/dist/cdn …`): the package is not on a CDN
 * in a test. Skipped outside CI when Django is missing, with the apt command.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgSource } from '../../server-adapter/sources/pg.js';
import type { Source } from '../../server-adapter/sources/source.js';
import { PG_ENABLED } from '../support/databases.js';
import { ensureBuilt, openPage, renderedStatValues, RESULTS_DIR } from '../support/examples.js';
import { packDashkit, run, start, type Started, userEnv } from '../support/processes.js';
import { sparePort } from '../integration/support/services.js';
import { appDatabase, type AppDatabase, readGuide } from './guide.js';

const guide = readGuide('getting-started.md', 'getting-started');
const SETUP_MS = 900_000;
const JWT_SECRET = 'd'.repeat(16) + '0123456789abcdef0123456789abcdef';

/** A python3 that has Django and psycopg2: the shell's, or Debian's. */
function djangoPython(): string | undefined {
  for (const candidate of ['python3', '/usr/bin/python3']) {
    if (spawnSync(candidate, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}
const PYTHON = djangoPython();
const INSTALL = 'apt-get install -y python3-django python3-psycopg2';
if (!PYTHON && process.env.CI === 'true') throw new Error(`Django is required in CI: ${INSTALL}`);
if (!PYTHON) console.warn(`skipping the Django guide's end-to-end test: no python3 with Django (${INSTALL})`);

let work = '';
let project = '';
let dashboard = '';
let bin = '';
let db: AppDatabase | undefined;
let sql: Source | undefined;
let djangoPort = 0;
let dashkitPort = 0;
const running: Started[] = [];
let django: Started | undefined;

/** Revenue of the last 30 Berlin days (what `range="30d"` shows), from SQL over the views, as the card formats it. */
async function revenueSql(customer?: number): Promise<string> {
  const [row] = await sql!.query<{ v: string }>(
    `SELECT coalesce(sum(amount), 0)::text AS v FROM orders
      WHERE state IN ('sale', 'done')
        AND (ordered_at AT TIME ZONE 'Europe/Berlin')::date
            BETWEEN (now() AT TIME ZONE 'Europe/Berlin')::date - 29 AND (now() AT TIME ZONE 'Europe/Berlin')::date
        AND ($1::int IS NULL OR customer_id = $1)`,
    [customer ?? null],
  );
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(Number(row!.v));
}

/** Signs in on the guide's login page, reached through dashkit's port as `@login_required` sends visitors. */
async function signIn(page: import('playwright').Page, username: string): Promise<void> {
  await page.goto(`http://127.0.0.1:${dashkitPort}/dashboard/`);
  await page.waitForURL(/\/accounts\/login\/\?next=\/dashboard\//);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', `${username}-password-1`);
  await Promise.all([page.waitForURL(/\/dashboard\/$/), page.click('button[type="submit"]')]);
}

/** The environment both terminals of the guide have: the JWT secret, and `python` meaning Django's python3. */
const env = (extra: Record<string, string> = {}) =>
  userEnv({
    PATH: `${bin}:${process.env.PATH}`,
    DASHKIT_JWT_SECRET: JWT_SECRET,
    PYTHONDONTWRITEBYTECODE: '1',
    // runserver's lines must arrive as printed, not when a pipe buffer fills.
    PYTHONUNBUFFERED: '1',
    ...extra,
  });

/** A guide's shell lines, run by bash in `cwd` as printed except for the ports of this run. */
async function shell(script: string, cwd: string, extra: Record<string, string> = {}) {
  const ported = script
    .replaceAll('127.0.0.1:8787', `127.0.0.1:${dashkitPort}`)
    .replaceAll('127.0.0.1:8000', `127.0.0.1:${djangoPort}`);
  return run('bash', ['-euo', 'pipefail', '-c', ported], { cwd, env: env(extra) });
}

async function python(args: string[], extra: Record<string, string> = {}) {
  const r = await run(PYTHON!, args, { cwd: project, env: env(extra) });
  if (r.code !== 0) throw new Error(`python ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${text}\n`);
}

/** Deterministic shop data through the ORM: 60 days of orders, some at 23:30 and 00:30 in Berlin. */
const SEED = `
import datetime, decimal, zoneinfo
from django.contrib.auth import get_user_model
from django.utils import timezone
from shop.models import Customer, Invoice, Order, OrderItem, Product
User = get_user_model()
User.objects.create_superuser("boss", "boss@example.com", "boss-password-1")
berlin = zoneinfo.ZoneInfo("Europe/Berlin")
today = timezone.now().astimezone(berlin).date()
customers = [Customer.objects.create(name=f"Customer {i}", email=f"c{i}@example.com") for i in range(1, 7)]
for username, customer in (("alice", customers[0]), ("bob", customers[1])):
    customer.user = User.objects.create_user(username, f"{username}@example.com", f"{username}-password-1")
    customer.save()
products = [Product.objects.create(sku=f"SKU-{i}", name=f"Product {i}", stock=(0 if i < 3 else 4 * i), reorder_point=10) for i in range(1, 9)]
statuses = ["cart", "placed", "paid", "shipped", "shipped", "cancelled", "paid"]
n = 0
for back in range(60):
    day = today - datetime.timedelta(days=back)
    for hour, minute in ((10, 0), (23, 30), (0, 30)):
        n += 1
        placed = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=berlin)
        if placed > timezone.now():
            continue
        order = Order.objects.create(customer=customers[n % 6], placed_at=placed, status=statuses[n % 7],
                                     total=decimal.Decimal(10 + (n * 37) % 400) + decimal.Decimal("0.25"))
        OrderItem.objects.create(order=order, product=products[n % 8], quantity=1 + n % 3)
for i in range(1, 25):
    issued = today - datetime.timedelta(days=5 * i)
    Invoice.objects.create(number=f"INV-{i}", customer=customers[i % 6], issued_on=issued,
                           due_on=issued + datetime.timedelta(days=30), total=decimal.Decimal(100 + 10 * i),
                           paid=decimal.Decimal(0 if i % 4 else 100 + 10 * i))
`;

describe.skipIf(!PYTHON || !PG_ENABLED)('docs/getting-started.md with Django 3.2', () => {
  beforeAll(async () => {
    await ensureBuilt();
    work = mkdtempSync(join(tmpdir(), 'dashkit-django-'));
    bin = join(work, 'bin');
    mkdirSync(bin);
    // The guide says `python manage.py`: in a virtualenv that is Django's python.
    symlinkSync(
      spawnSync('bash', ['-c', `command -v ${PYTHON}`], { encoding: 'utf8' }).stdout.trim(),
      join(bin, 'python'),
    );
    [djangoPort, dashkitPort] = [await sparePort(), await sparePort()];
    db = await appDatabase('dk_django');
    sql = await createPgSource({ connectionString: db.url, poolConfig: { max: 2 } });

    // Before you start: a Django project on PostgreSQL, the app, the guide's models.
    await run(PYTHON!, ['-m', 'django', 'startproject', 'mysite'], { cwd: work, env: env() });
    project = join(work, 'mysite');
    await python(['manage.py', 'startapp', 'shop']);
    const settings = join(project, 'mysite', 'settings.py');
    const url = new URL(db.url);
    const base = readFileSync(settings, 'utf8');
    writeFileSync(
      settings,
      base
        .replace('INSTALLED_APPS = [', "INSTALLED_APPS = [\n    'shop',")
        .replace(
          /DATABASES = \{[\s\S]*?\n\}\n/,
          `DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': '${db.name}', 'USER': '${url.username}', 'HOST': '${url.hostname}', 'PORT': '${url.port || 5432}'}}\n`,
        )
        .replace("TIME_ZONE = 'UTC'", "TIME_ZONE = 'Europe/Berlin'") + `\n${guide.block('settings')}\n`,
    );
    write(join(project, 'shop', 'models.py'), guide.block('models'));

    // Step 1: the views migration, as printed.
    expect(guide.text).toContain('python manage.py makemigrations shop --empty --name dashkit_views');
    await python(['manage.py', 'makemigrations', 'shop']);
    await python(['manage.py', 'makemigrations', 'shop', '--empty', '--name', 'dashkit_views']);
    write(join(project, 'shop', 'migrations', '0002_dashkit_views.py'), guide.block('views'));
    await python(['manage.py', 'migrate']);

    // Step 2 and 5: the module, views, URLs and templates.
    write(join(project, 'shop', 'dashkit.py'), guide.block('dashkit-module'));
    write(join(project, 'shop', 'views.py'), guide.block('views-py'));
    write(join(project, 'shop', 'urls.py'), guide.block('urls'));
    write(join(project, 'mysite', 'urls.py'), guide.block('project-urls'));
    write(join(project, 'shop', 'templates', 'registration', 'login.html'), guide.block('login-template'));
    await python(['manage.py', 'shell', '-c', SEED]);

    // Step 3: dashkit in a folder of its own, from the packed package.
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
    // The template, with the self-hosted bundle of step 5 (mkdir and cp as printed).
    const copy = guide.blockWith('sh', 'cp -r node_modules/dashkitjs/dist/cdn');
    expect((await shell(copy, dashboard)).code).toBe(0);
    const template = guide
      .block('template')
      .replace(
        '<script type="module" src="https://cdn.jsdelivr.net/npm/dashkitjs@0.1.0/dist/cdn/dashkit.js"></script>',
        `<script type="module" src="{% static 'dashkit/dashkit.js' %}"></script>`,
      );
    expect(template).toContain("{% static 'dashkit/dashkit.js' %}");
    write(join(project, 'shop', 'templates', 'shop', 'dashboard.html'), `{% load static %}\n${template}`);
  }, SETUP_MS);

  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await sql?.close();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  }, 60_000);

  const dashkitEnv = () => ({ DATABASE_URL: db!.url });

  it('step 3: `dashkit doctor` finds no problem in the views', async () => {
    const r = await shell('npx dashkit doctor --timezone Europe/Berlin', dashboard, dashkitEnv());
    expect(r.stdout + r.stderr).toMatch(/^dashkit doctor: no problems in 5 tables and views, \d+ columns/);
    expect(r.code).toBe(0);
    // The guide prints the same line (its user and search_path are the reader's).
    const printed = /dashkit doctor: no problems in 5 tables and views, (\d+) columns/.exec(guide.text)![1];
    expect(r.stdout).toContain(`no problems in 5 tables and views, ${printed} columns`);
  }, 120_000);

  it('step 6: `dashkit triggers` puts the triggers on the tables behind the views, printing what the guide shows', async () => {
    const r = await shell('npx dashkit triggers', dashboard, dashkitEnv());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(guide.blockWith('text', 'dashkit triggers: installed on').trim());
  }, 120_000);

  it('step 3: `dashkit serve --proxy` and `runserver` start as printed', async () => {
    const command = guide
      .blockWith('sh', 'npx dashkit serve \\')
      .replace('\\\n  --proxy', `--port ${dashkitPort} \\\n  --proxy`);
    const serve = start('bash', ['-c', command.replaceAll('127.0.0.1:8000', `127.0.0.1:${djangoPort}`)], {
      cwd: dashboard,
      env: env(dashkitEnv()),
    });
    running.push(serve);
    await serve.waitFor(/dashkit serve: open your app at http:\/\/127\.0\.0\.1:\d+\//);
    django = start(PYTHON!, ['manage.py', 'runserver', `127.0.0.1:${djangoPort}`, '--noreload'], {
      cwd: project,
      env: env(),
    });
    running.push(django);
    await django.waitFor(/Quit the server with CONTROL-C/);
    // No doctor warnings at startup: the views are right.
    expect(serve.output()).not.toContain('warning');
  }, 120_000);

  it('step 4 and 7: `dashkit verify` passes with a staff token, and with two customers’ tokens finds no leak', async () => {
    const staff = guide.blockWith('sh', 'export STAFF_TOKEN=');
    const customers = guide.blockWith('sh', 'export CUSTOMER_A=');
    const verifyAll = guide.blockWith('sh', '--customer-token "$CUSTOMER_A"');
    const r = await shell(`${staff}\n${customers}\n${verifyAll}`, project);
    expect(r.stdout, r.stderr).toMatch(/\d+ checks: \d+ passed, 0 failed/);
    expect(r.stdout).toMatch(/v1\/low-stock +scope +PASS/);
    expect(r.code).toBe(0);
  }, 300_000);

  it('step 5 to 7 in Chromium: staff see the SQL numbers, and an update() reaches the open page; a customer sees their own', async () => {
    const opened = await openPage({ allow: [{ url: /\/favicon\.ico$/, status: 404 }] });
    try {
      const { page } = opened;
      await signIn(page, 'boss');
      const values = await renderedStatValues(page, 4);
      expect(values[0]).toBe(await revenueSql());
      expect(await page.locator('dash-low-stock').count()).toBe(1);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'django-staff.png'), fullPage: true });

      // QuerySet.update() sends no signal: the trigger tells dashkit, which tells the open page.
      const before = values[0];
      await python([
        'manage.py',
        'shell',
        '-c',
        'from django.db.models import F\nfrom shop.models import Order\n' +
          'o = Order.objects.filter(status="paid").order_by("-placed_at").first()\n' +
          'Order.objects.filter(pk=o.pk).update(total=F("total") + 100)',
      ]);
      const after = await revenueSql();
      expect(after).not.toBe(before);
      await expect.poll(async () => (await renderedStatValues(page, 4))[0], { timeout: 15_000 }).toBe(after);

      // A customer: the template leaves out the staff widgets, and dashkit narrows every number.
      await opened.context.clearCookies();
      await signIn(page, 'alice');
      const own = await renderedStatValues(page, 3);
      const [alice] = await sql!.query<{ id: number }>(
        `SELECT c.id FROM shop_customer c JOIN auth_user u ON u.id = c.user_id WHERE u.username = 'alice'`,
      );
      expect(own[0]).toBe(await revenueSql(alice!.id));
      expect(own).toHaveLength(3);
      expect(await page.locator('dash-low-stock').count()).toBe(0);
      await page.screenshot({ path: join(RESULTS_DIR, 'django-customer.png'), fullPage: true });
      // Django has no favicon; the browser asks for one anyway.
      const problems = opened.problems.filter((p) => !p.includes('/favicon.ico'));
      expect(problems, problems.join('\n')).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 300_000);

  it('step 5 without JavaScript for the tokens: the cookie view works through --proxy', async () => {
    // The guide's cookie view in place of the dashboard view, and the template without its token script.
    const views = guide.block('views-py');
    const cookieViews = views.replace(
      /@login_required\ndef dashboard\(request\):\n[^\n]*\n/,
      `${guide.block('cookie-view')}\n`,
    );
    expect(cookieViews).not.toBe(views);
    write(join(project, 'shop', 'views.py'), cookieViews);
    const template = join(project, 'shop', 'templates', 'shop', 'dashboard.html');
    const withoutScript = readFileSync(template, 'utf8').replace(
      /\n {4}<script>\n {6}\/\/ Tokens from Django[\s\S]*?<\/script>/,
      '',
    );
    expect(withoutScript).not.toContain('board.token');
    writeFileSync(template, withoutScript);
    await django!.stop();
    django = start(PYTHON!, ['manage.py', 'runserver', `127.0.0.1:${djangoPort}`, '--noreload'], {
      cwd: project,
      env: env(),
    });
    running.push(django);
    await django.waitFor(/Quit the server with CONTROL-C/);

    const opened = await openPage({ allow: [{ url: /\/favicon\.ico$/, status: 404 }] });
    try {
      const { page } = opened;
      const sent: { authorization?: string; cookie?: string }[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/dashboard/api/v1/stats')) sent.push(request.headers());
      });
      await signIn(page, 'boss');
      expect((await renderedStatValues(page, 4))[0]).toBe(await revenueSql());
      expect(sent.length).toBeGreaterThan(0);
      for (const headers of sent) expect(headers.authorization).toBeUndefined();
      const cookies = await opened.context.cookies(`http://127.0.0.1:${dashkitPort}/dashboard/api/`);
      expect(cookies.map((c) => c.name)).toContain('dashkit_token');
    } finally {
      await opened.close();
    }
  }, 300_000);
});
