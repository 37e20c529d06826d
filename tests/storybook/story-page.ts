/**
 * What the Storybook tests do to one page of the static build: watch it for problems, show a story (with
 * toolbar globals) without reloading the page, wait until its widgets settled, run axe-core inside
 * `#storybook-root`, and list the Latin words its widgets show.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { ALLOWED_LATIN_WORDS, latinWords } from '../support/latin-words.js';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS: readonly string[] = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A story of the static build's `index.json`. */
export interface IndexEntry {
  id: string;
  title: string;
  name: string;
  type: 'story' | 'docs';
}

/** Records what a page reports: console errors, uncaught exceptions, failed requests and HTTP errors. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'failed'})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

/** Waits until Storybook has finished rendering story `id` (render, play, afterEach). */
export async function rendered(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (storyId) => {
      const preview = (window as { __STORYBOOK_PREVIEW__?: { currentRender?: { id?: string; phase?: string } } })
        .__STORYBOOK_PREVIEW__;
      return preview?.currentRender?.id === storyId && preview.currentRender.phase === 'finished';
    },
    id,
    { timeout: 30_000 },
  );
}

/**
 * Waits until every Lit element, in every shadow root, has finished updating; then, unless the story shows
 * a loading state on purpose (`loading`), until no widget is busy (`aria-busy`, skeletons) and every chart
 * frame holds a drawing or a message — i.e. the data arrived or the error or empty state is shown.
 */
export async function settle(page: Page, loading = false): Promise<void> {
  const updates = () =>
    page.evaluate(async () => {
      const pending: Promise<unknown>[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          const update = (el as { updateComplete?: Promise<unknown> }).updateComplete;
          if (update) pending.push(update);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(document);
      await Promise.all(pending);
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    });
  await updates();
  if (loading) return;
  await page.waitForFunction(
    () => {
      let waiting = 0;
      const walk = (root: Element | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.getAttribute('aria-busy') === 'true' || el.classList.contains('skeleton')) waiting++;
          // A chart's frame: a canvas once ECharts drew, else an overlay (error, no data).
          if (el.localName === 'dash-chart' && el.shadowRoot?.querySelector('.frame')) {
            if (!el.shadowRoot.querySelector('.frame canvas, .frame .overlay, [part~="error"]')) waiting++;
          }
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      const root = document.querySelector('#storybook-root');
      if (root) walk(root);
      return waiting === 0;
    },
    undefined,
    { timeout: 15_000, polling: 50 },
  );
  await updates();
}

/**
 * Shows story `id` with the toolbar's `globals` in a page already on the build's `iframe.html`, as the
 * manager does when one clicks around: no reload, so Storybook and ECharts load once per page.
 */
export async function showStory(page: Page, id: string, globals: Record<string, string>): Promise<void> {
  await page.evaluate(
    ({ storyId, next }) => {
      const channel = (window as { __STORYBOOK_ADDONS_CHANNEL__?: { emit(event: string, data: unknown): void } })
        .__STORYBOOK_ADDONS_CHANNEL__;
      if (!channel) throw new Error('no Storybook channel in this page');
      channel.emit('updateGlobals', { globals: next });
      channel.emit('setCurrentStory', { storyId, viewMode: 'story' });
    },
    { storyId: id, next: globals },
  );
  await rendered(page, id);
}

/** What Storybook itself shows: its error screen, or an empty root. */
export async function storybookScreen(page: Page): Promise<string[]> {
  const screen = await page.evaluate(() => {
    const root = document.querySelector('#storybook-root');
    return {
      error: document.body.classList.contains('sb-show-errordisplay'),
      message: document.querySelector('#error-message')?.textContent?.trim() ?? '',
      rendered: !!root && root.children.length > 0,
    };
  });
  const problems: string[] = [];
  if (screen.error) problems.push(`Storybook error screen: ${screen.message}`);
  if (!screen.rendered) problems.push('#storybook-root is empty');
  return problems;
}

/** axe-core's violations inside `#storybook-root` (injected once per page), one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const results = await axe.run('#storybook-root', { runOnly: { type: 'tag', values: [...tags] } });
    // A wrong context or rule set would pass silently: axe must have checked something.
    if (results.passes.length === 0 && results.violations.length === 0) return ['axe checked nothing'];
    return results.violations.map(
      (v) =>
        `axe ${v.id}: ${v.help} (${v.nodes
          .map(
            (n) =>
              `${JSON.stringify(n.target)}${n.failureSummary?.includes('contrast') ? ` ${n.any[0]?.message ?? ''}` : ''}`,
          )
          .join(', ')})`,
    );
  }, AXE_TAGS);
}

/** The Latin words under `#storybook-root` that tests/support/latin-words.ts does not allow. */
export async function latinWordsOnPage(page: Page): Promise<string[]> {
  // The walker goes into the page as source: it refers to nothing outside itself.
  return page.evaluate(
    ({ walker, allowed }) => {
      const walk = new Function(`return (${walker})`)() as (root: Node, allowed: readonly string[]) => string[];
      const root = document.querySelector('#storybook-root');
      return root ? walk(root, allowed) : [];
    },
    { walker: latinWords.toString(), allowed: ALLOWED_LATIN_WORDS },
  );
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the input order in the result. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, worker: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (w: number) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, w);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, w) => worker(w)));
  return results;
}
