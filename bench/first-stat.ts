/**
 * `npm run bench:page`: time from navigation to the first KPI on the demo page
 * (issue 5, item 14), in headless Chromium against `dashkit serve`'s demo mode
 * in-process, and whether ECharts stays unloaded while no chart is in view.
 *
 *   npm run bench:page                 10 loads per phase
 *   npm run bench:page -- --runs 20
 *
 * Each load is a fresh browser context (empty HTTP cache, no storage); the
 * server's report cache is warmed by one load first (reported apart, "cold").
 * The time is the page's own `dashkit:first-stat` performance mark: the first
 * frame in which a stat card shows its value, relative to navigation start.
 *
 * Phase A, desktop (1280×800): the series chart is in view at load, so ECharts
 * is expected to load alongside the stats. Phase B, a short window (1280×400):
 * every chart starts below the fold, so ECharts must not be requested until
 * the page scrolls to one; then it must load.
 */
import { chromium, type Browser } from 'playwright';
import { FIRST_STAT_MARK } from '../server-adapter/bin/demo/page-script.js';
import { startDemoServer } from '../server-adapter/bin/demo/server.js';
import { CHROMIUM_ARGS, locateChromium } from '../tests/support/chromium.js';
import { ensureBuilt } from '../tests/support/examples.js';

const ECHARTS_CHUNK = /\/dist\/cdn\/echarts[\w-]*\.js$/;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 10;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new TypeError('--runs: expected a positive integer');

const log = (line: string) => console.error(line);

interface Load {
  firstStat: number;
  /** Whether the ECharts chunk was requested before the page was scrolled (phase B) or at all (phase A). */
  echartsBeforeScroll: boolean;
  /** Phase B: whether it was requested once a chart was scrolled into view. */
  echartsAfterScroll?: boolean;
}

async function load(browser: Browser, url: string, viewport: { width: number; height: number }, scroll: boolean) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  let echarts = false;
  // In flight, not counting the never-ending live stream (which is also why `networkidle` cannot be used).
  const pending = new Set<unknown>();
  let lastSettled = Date.now();
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (ECHARTS_CHUNK.test(path)) echarts = true;
    if (!path.endsWith('/v1/events')) pending.add(request);
  });
  const settle = (request: unknown) => {
    if (pending.delete(request)) lastSettled = Date.now();
  };
  page.on('requestfinished', settle);
  page.on('requestfailed', settle);
  const quiet = async (ms: number) => {
    while (pending.size > 0 || Date.now() - lastSettled < ms) await page.waitForTimeout(50);
  };
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await page.goto(url);
    const handle = await page.waitForFunction(
      (name) => performance.getEntriesByName(name)[0]?.startTime,
      FIRST_STAT_MARK,
      { timeout: 60_000 },
    );
    const firstStat = (await handle.jsonValue()) as number;
    const result: Load = { firstStat, echartsBeforeScroll: false };
    if (scroll) {
      // Everything the page asks for on its own has been asked for by then.
      await quiet(750);
      result.echartsBeforeScroll = echarts;
      await page.locator('dash-chart').first().scrollIntoViewIfNeeded();
      await page.locator('dash-chart canvas').first().waitFor({ timeout: 60_000 });
      result.echartsAfterScroll = echarts;
    } else {
      await page.locator('dash-chart canvas').first().waitFor({ timeout: 60_000 });
      result.echartsBeforeScroll = echarts;
    }
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}

function quantile(sorted: readonly number[], q: number): number {
  // Nearest rank: with 10 runs, p95 is the slowest.
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function summary(loads: readonly Load[]) {
  const times = loads.map((l) => l.firstStat).sort((a, b) => a - b);
  return {
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    min: times[0]!,
    max: times[times.length - 1]!,
  };
}

const ms = (x: number) => `${x.toFixed(0)} ms`;

const found = locateChromium();
if (!found.ok) throw new Error(found.message);
log('building if needed…');
await ensureBuilt();
log('starting the demo server (PGlite demo data)…');
const demo = await startDemoServer();
const browser = await chromium.launch({ executablePath: found.path, args: [...CHROMIUM_ARGS] });
try {
  const desktop = { width: 1280, height: 800 };
  const short = { width: 1280, height: 400 };
  const cold = await load(browser, demo.url, desktop, false);
  log(`cold server cache: ${ms(cold.firstStat)}`);
  const a: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await load(browser, demo.url, desktop, false));
    log(`A ${i + 1}/${RUNS}: ${ms(a[i]!.firstStat)}`);
  }
  const b: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    b.push(await load(browser, demo.url, short, true));
    log(`B ${i + 1}/${RUNS}: ${ms(b[i]!.firstStat)}, ECharts before scroll: ${b[i]!.echartsBeforeScroll}`);
  }
  const sa = summary(a);
  const sb = summary(b);
  const count = (loads: Load[], pick: (l: Load) => boolean | undefined) =>
    `${loads.filter(pick).length}/${loads.length}`;
  console.log(
    [
      `Demo page, navigation → \`${FIRST_STAT_MARK}\` (headless Chromium, fresh context per load, warm server cache; ${RUNS} loads per row)`,
      '',
      '| viewport | median | p95 | min | max | ECharts requested before scrolling | after scrolling to a chart |',
      '|---|---:|---:|---:|---:|---|---|',
      `| 1280×800, series chart in view | ${ms(sa.median)} | ${ms(sa.p95)} | ${ms(sa.min)} | ${ms(sa.max)} | ${count(a, (l) => l.echartsBeforeScroll)} (chart in view: expected) | — |`,
      `| 1280×400, charts below the fold | ${ms(sb.median)} | ${ms(sb.p95)} | ${ms(sb.min)} | ${ms(sb.max)} | ${count(b, (l) => l.echartsBeforeScroll)} (expected 0) | ${count(b, (l) => l.echartsAfterScroll)} |`,
      '',
      `First load after start (cold server cache, 1280×800): ${ms(cold.firstStat)}.`,
    ].join('\n'),
  );
  if (b.some((l) => l.echartsBeforeScroll)) process.exitCode = 1;
} finally {
  await browser.close();
  await demo.close();
}
