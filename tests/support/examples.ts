/**
 * Shared pieces of the examples' end-to-end tests (examples/<name>/*.e2e.test.ts,
 * run by the `unit` project in Node): they start real servers, so they drive
 * Chromium through Playwright themselves rather than through Vitest's browser mode.
 *
 * - `ensureBuilt()`: the examples use the built package (dist/); builds it once
 *   when a file they need is missing, with a lock so parallel test files wait
 *   for one build instead of racing.
 * - `linkDashkit(dir)`: what `npm install` does for an example's
 *   `"dashkitjs": "file:../.."` dependency, without installing anything else
 *   (react, vite, express… resolve from the repository's node_modules).
 * - `openPage()`: Chromium with every console error, page error, failed
 *   request and HTTP error answer recorded, so a test can assert there were none.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, rmSync, symlinkSync, watch } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { CHROMIUM_ARGS, locateChromium } from './chromium.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Screenshots for people to look at; gitignored. */
export const RESULTS_DIR = join(ROOT, 'test-results', 'examples');

/** What the examples load from the build. */
const BUILT = [
  'dist/cdn/dashkit.js',
  'dist/define/board.js',
  'dist/server/index.js',
  'dist/types/src/jsx.d.ts',
  'dist/types/src/define/board.d.ts',
  'dist/types/server-adapter/index.d.ts',
];
const LOCK = join(ROOT, 'node_modules', '.cache', 'dashkit-examples-build.lock');
/** A build takes about a minute on two cores; a lock older than this was left by a killed run. */
const LOCK_STALE_MS = 10 * 60_000;

const run = promisify(execFile);

const isBuilt = () => BUILT.every((file) => existsSync(join(ROOT, file)));

/** Resolves when `path` is removed (or after `ms`, so a lock left by a killed process cannot hang the run). */
function removed(path: string, ms: number): Promise<void> {
  return new Promise((done) => {
    const dir = resolve(path, '..');
    const watcher = watch(dir, () => {
      if (!existsSync(path)) finish();
    });
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      watcher.close();
      done();
    }
    if (!existsSync(path)) finish();
  });
}

/** Runs `npm run build` unless dist/ already has what the examples load. */
export async function ensureBuilt(): Promise<void> {
  // Up to three builds: another `npm run build` (which starts by deleting dist/) may run meanwhile.
  for (let builds = 0; !isBuilt();) {
    if (builds === 3)
      throw new Error(`dist/ still lacks ${BUILT.filter((f) => !existsSync(join(ROOT, f))).join(', ')}`);
    mkdirSync(resolve(LOCK, '..'), { recursive: true });
    try {
      mkdirSync(LOCK);
    } catch {
      let age: number;
      try {
        age = Date.now() - lstatSync(LOCK).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      else await removed(LOCK, LOCK_STALE_MS - age);
      continue;
    }
    try {
      if (isBuilt()) return;
      builds++;
      try {
        await run('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
      } catch (error) {
        const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
        throw new Error(`npm run build failed:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`);
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/** Links `<exampleDir>/node_modules/dashkit` to the repository, as `npm install` does for `file:../..`. */
export function linkDashkit(exampleDir: string): void {
  const link = join(exampleDir, 'node_modules', 'dashkitjs');
  if (existsSync(join(link, 'package.json'))) return;
  rmSync(link, { recursive: true, force: true });
  mkdirSync(join(exampleDir, 'node_modules'), { recursive: true });
  symlinkSync(relative(join(exampleDir, 'node_modules'), ROOT) || '.', link, 'dir');
}

export interface OpenedPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions, failed requests and 4xx/5xx answers, in order. */
  problems: string[];
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** Answers with these statuses for URLs matching `url` are expected (e.g. a 401 the test provokes). */
  allow?: { url: RegExp; status: number }[];
  viewport?: { width: number; height: number };
}

/** A fresh Chromium page that records every problem (see {@link OpenedPage.problems}). */
export async function openPage(options: OpenPageOptions = {}): Promise<OpenedPage> {
  const found = locateChromium();
  if (!found.ok) throw new Error(found.message);
  const browser = await chromium.launch({ executablePath: found.path, args: [...CHROMIUM_ARGS] });
  // Reduced motion: charts draw without animation, so a screenshot shows them finished.
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    // Navigating away or closing the page aborts the open event stream; that is not a failure.
    if (reason === 'net::ERR_ABORTED' && request.url().includes('/v1/events')) return;
    problems.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
  page.on('response', (response) => {
    const status = response.status();
    if (status < 400) return;
    if (options.allow?.some((a) => a.status === status && a.url.test(response.url()))) return;
    problems.push(`HTTP ${status}: ${response.request().method()} ${response.url()}`);
  });
  return {
    browser,
    context,
    page,
    problems,
    async close() {
      await browser.close();
    },
  };
}

/** Texts of every element matching `selector` in the page, looking inside every (nested) open shadow root. */
export function deepTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const texts: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches(sel)) texts.push(el.textContent?.replace(/\s+/g, ' ').trim() ?? '');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return texts;
  }, selector);
}

/**
 * Waits until the page shows `count` stat values (of `<dash-stat-card>`s, also those inside grids),
 * each with a digit in it — not a skeleton, not an error — and returns their texts.
 */
export async function renderedStatValues(page: Page, count: number): Promise<string[]> {
  const handle = await page.waitForFunction(
    (n) => {
      const texts: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          const host = (el.getRootNode() as Partial<ShadowRoot>).host;
          if (host?.localName === 'dash-stat-card' && el.matches('[part~="value"]'))
            texts.push(el.textContent?.trim() ?? '');
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      return texts.length >= n && texts.every((text) => /\d/.test(text)) && texts;
    },
    count,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string[];
}

export interface RunningExample {
  /** The URL the example printed, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Everything the process wrote so far, for failure messages. */
  output(): string;
  /** SIGTERM, then wait for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` in `dir` (as the example's `npm start` does) with PORT=0 and
 * `env`, and resolves with the first `http://…` URL it prints.
 */
export function startExample(dir: string, entry: string, env: Record<string, string> = {}): Promise<RunningExample> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: dir,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolveStart, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /https?:\/\/[^\s/]+/.exec(output)?.[0];
      if (url) {
        child.stdout.off('data', onData);
        child.off('exit', onExit);
        child.stdout.on('data', (more: Buffer) => (output += more.toString()));
        resolveStart({ url, output: () => output, stop });
      }
    };
    const onExit = (code: number | null) => reject(new Error(`${entry} exited (${code}) before listening:\n${output}`));
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
  });
}

/** Runs `tsc -p <project>`; resolves with its output and whether it passed. */
export async function typecheck(project: string): Promise<{ ok: boolean; output: string }> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    const { stdout } = await run(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: ROOT });
    return { ok: true, output: stdout };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}
