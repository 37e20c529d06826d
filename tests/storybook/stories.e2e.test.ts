/**
 * Storybook smoke test: builds the static Storybook (`npm run build-storybook`,
 * into a temporary folder so a build someone runs by hand is never clobbered),
 * serves it on 127.0.0.1, and renders EVERY story listed in its index.json in
 * Chromium: as the story is written, then in each of en, fa (right to left, Solar Hijri) and ar (right to
 * left, Umm al-Qura), light and dark, set through the toolbar's globals as a reader would. A render fails on
 * a console error, an uncaught exception, a failed request or 4xx/5xx answer, a Storybook error screen, an
 * empty root, any axe-core violation (WCAG 2.0/2.1 A and AA) inside `#storybook-root`, and in fa and ar on
 * any English word in any shadow root (the walker of tests/support/latin-words.ts). One page per core shows
 * story after story without reloading (as the manager does), so Storybook and ECharts load once per page.
 * All failures are collected and reported together, one line per story, setting and problem.
 *
 * It also opens the docs page of a component and checks that its argument
 * table shows attributes with the descriptions written in custom-elements.json,
 * i.e. that the docs and controls really come from the manifest.
 *
 * The build takes about 15 s on an idle machine; the 616 renders took 5 to 6 min on two cores shared with
 * other jobs (load average 15-20): about half a second a render.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, locateChromium } from '../support/chromium.js';
import { serveStatic, type StaticServer } from './static-server.js';
import {
  axeViolations,
  latinWordsOnPage,
  pool,
  rendered,
  settle,
  showStory,
  storybookScreen,
  watchProblems,
  type IndexEntry,
} from './story-page.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Pages of the locale sweep: one per core, each showing story after story without a reload. */
const SWEEP_PAGES = 2;
/** The toolbar's settings every story must pass in: locale (with its direction and calendar) × theme. */
const SWEEP = [
  { locale: 'story', theme: 'story', rtl: false },
  ...['en-US', 'fa-IR', 'ar-SA'].flatMap((locale) =>
    ['light', 'dark'].map((theme) => ({ locale, theme, rtl: locale !== 'en-US' })),
  ),
];
/** The element whose docs page is checked against the manifest. */
const DOCS_COMPONENT = 'dash-stat-card';

interface ManifestAttribute {
  name: string;
  description?: string;
}

interface ManifestDeclaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: ManifestAttribute[];
}

const run = promisify(execFile);

let outDir = '';
let server: StaticServer | undefined;
let browser: Browser | undefined;
let entries: IndexEntry[] = [];

beforeAll(async () => {
  const chromiumPath = locateChromium();
  if (!chromiumPath.ok) throw new Error(chromiumPath.message);
  outDir = mkdtempSync(join(tmpdir(), 'dashkit-storybook-'));
  try {
    // `--` passes the output folder to `storybook build`; the script also runs `npm run analyze` first.
    await run('npm', ['run', 'build-storybook', '--', '--output-dir', outDir], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`npm run build-storybook failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
  }
  const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8')) as {
    entries: Record<string, IndexEntry>;
  };
  entries = Object.values(index.entries);
  server = await serveStatic(outDir);
  browser = await chromium.launch({ executablePath: chromiumPath.path, args: [...CHROMIUM_ARGS] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('Storybook (static build)', () => {
  it('lists a story for every element and every required state', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as {
      modules: { declarations?: ManifestDeclaration[] }[];
    };
    const tags = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .filter((d) => d.customElement && d.tagName)
      .map((d) => d.tagName!);
    expect(tags.length).toBeGreaterThan(0);
    const stories = entries.filter((e) => e.type === 'story');
    for (const tag of tags) {
      const names = stories.filter((s) => s.title === `Widgets/${tag}`).map((s) => s.name);
      // Issue 6: default, loading, error, empty, dark and fa-IR per element. The period filter shows no
      // data of its own, so it has no error or empty state (its "Empty" story is a backend limiting ranges).
      const required = ['Default', 'Loading', 'Dark', 'fa-IR'];
      if (tag !== 'dash-period-filter') required.push('Error', 'Empty');
      expect(names, `stories of ${tag}`).toEqual(expect.arrayContaining(required));
    }
  });

  it('renders every story as written and in en, fa and ar, light and dark: no console error, failed request or axe violation, no English word in fa and ar', async () => {
    const stories = entries.filter((e) => e.type === 'story');
    const runs = SWEEP.flatMap((globals) => stories.map((story) => ({ story, ...globals })));
    const context = await browser!.newContext({ viewport: { width: 1024, height: 768 } });
    const pages = await Promise.all(
      Array.from({ length: SWEEP_PAGES }, async () => {
        const page = await context.newPage();
        const problems = watchProblems(page);
        // `a11y.manual`: the addon's own automatic axe run is skipped; this test runs axe itself, once.
        await page.goto(`${server!.url}/iframe.html?id=${stories[0]!.id}&viewMode=story&globals=a11y.manual:!true`, {
          timeout: 120_000,
        });
        await rendered(page, stories[0]!.id);
        return { page, problems };
      }),
    );
    try {
      const results = await pool(runs, SWEEP_PAGES, async ({ story, locale, theme, rtl }, worker) => {
        const { page, problems } = pages[worker]!;
        const seen = problems.length;
        const found: string[] = [];
        try {
          await showStory(page, story.id, { locale, theme });
          await settle(page, story.name === 'Loading');
          found.push(...(await storybookScreen(page)), ...(await axeViolations(page)));
          if (rtl) {
            const english = await latinWordsOnPage(page);
            if (english.length > 0) found.push(`English words: ${[...new Set(english)].join(', ')}`);
          }
        } catch (error) {
          found.push(`did not settle: ${(error as Error).message.split('\n')[0]}`);
        }
        found.push(...problems.slice(seen));
        return found.map((problem) => `${story.id} [${locale} ${theme}]: ${problem}`);
      });
      const failures = results.flat();
      expect(failures, `${failures.length} problem(s) in ${runs.length} renders`).toEqual([]);
    } finally {
      await context.close();
    }
  }, 1_500_000);

  it(`documents ${DOCS_COMPONENT}'s attributes from custom-elements.json on its docs page`, async () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8')) as {
      modules: { declarations?: ManifestDeclaration[] }[];
    };
    const declaration = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === DOCS_COMPONENT);
    const attributes = (declaration?.attributes ?? []).filter((a) => a.description);
    expect(attributes.length, `described attributes of ${DOCS_COMPONENT} in the manifest`).toBeGreaterThan(2);

    const docs = entries.find((e) => e.type === 'docs' && e.title === `Widgets/${DOCS_COMPONENT}`);
    expect(docs, `docs entry for ${DOCS_COMPONENT}`).toBeDefined();
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${server!.url}/iframe.html?id=${docs!.id}&viewMode=docs&globals=a11y.manual:!true`);
      const table = page.locator('.docblock-argstable').first();
      await table.waitFor({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const text = (await table.innerText()).replace(/\s+/g, ' ');
      for (const attribute of attributes) {
        expect(text, `argstable row for ${attribute.name}`).toContain(attribute.name);
        // The first sentence of the manifest description: it can only have come from the manifest.
        const sentence = attribute
          .description!.split(/(?<=\.)\s/)[0]!
          .replace(/\s+/g, ' ')
          .replace(/`/g, '');
        expect(text, `description of ${attribute.name}`).toContain(sentence);
      }
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
