/**
 * What a person sees on the demo page, measured in headless Chromium against
 * the real adapter (`dashkit serve` in demo mode, in-process, with its
 * injectable clock): no false "Stale" after a quiet minute, no layout shift
 * while loading, no clipped text in the stat cards, hit targets of 24 px or
 * more, and focus rings that no scroll container cuts. Screenshots of the
 * demo (390 and 1280 px, light and dark) go to test-results/polish/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_METRICS } from '../../server-adapter/bin/demo/page.js';
import { type DemoServer, startDemoServer } from '../../server-adapter/bin/demo/server.js';
import { ensureBuilt, openPage, renderedStatValues, ROOT } from '../support/examples.js';

const RESULTS_DIR = join(ROOT, 'test-results', 'polish');
const WIDTHS = [390, 768, 1280, 1920] as const;
/** The issue's target: cumulative layout shift while the demo loads. */
const MAX_CLS = 0.02;

let demo: DemoServer | undefined;
/** Added to the system time by the adapter's clock: a quiet minute passes in an instant. */
let offsetMs = 0;

beforeAll(async () => {
  await ensureBuilt();
  demo = await startDemoServer({ now: () => new Date(Date.now() + offsetMs) });
  mkdirSync(RESULTS_DIR, { recursive: true });
}, 300_000);

afterAll(async () => {
  await demo?.close();
});

/** Sums layout shifts (not caused by input) from the first paint on, as the CLS metric does. */
const CLS_OBSERVER = `
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

/** Waits until every widget of the demo shows data: the KPIs, the charts' canvases, the tables' rows. */
async function loaded(page: Page): Promise<void> {
  await renderedStatValues(page, DEMO_METRICS.length);
  // (Charts draw once in view; their data loads at once, which aria-busy below tells.)
  for (const selector of ['dash-low-stock tbody tr', 'dash-aging-table tr.row', 'dash-activity li']) {
    await page.locator(selector).first().waitFor({ state: 'attached', timeout: 60_000 });
  }
  // Nothing busy any more (a widget sets aria-busy on its base while it loads).
  await page.waitForFunction(() => {
    let busy = false;
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.getAttribute('aria-busy') === 'true') busy = true;
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return !busy;
  });
}

/** Every element of the page matching `selector`, inside every (nested) open shadow root too. */
const DEEP = `
  window.__deep = (selector) => {
    const found = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.matches(selector)) found.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return found;
  };
`;

/** A short readable path of an element across shadow roots, for failure messages. */
const DESCRIBE = `
  window.__describe = (el) => {
    const parts = [];
    for (let node = el; node; ) {
      const id = node.localName + (node.getAttribute('part') ? '[part=' + node.getAttribute('part') + ']' : '') +
        (node.classList.length ? '.' + [...node.classList].join('.') : '');
      parts.unshift(id);
      if (node.localName.startsWith('dash-')) break;
      node = node.parentElement ?? node.getRootNode().host;
    }
    return parts.join(' > ') + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';
  };
`;

async function open(width: number, scheme: 'light' | 'dark' = 'light') {
  const opened = await openPage({ viewport: { width, height: 900 } });
  await opened.page.emulateMedia({ colorScheme: scheme });
  await opened.page.addInitScript(CLS_OBSERVER + DEEP + DESCRIBE);
  await opened.page.goto(demo!.url);
  await loaded(opened.page);
  return opened;
}

describe('the demo page, as a person sees it', () => {
  it('shows no "Stale" mark after a quiet minute on a healthy server: the revalidated value replaces the served one', async () => {
    const { page, problems, close } = await open(1280);
    try {
      // A quiet minute (and more): every cached report is past its TTL, inside its stale window.
      offsetMs += 5 * 60_000;
      const answers: { url: string; stale: boolean; refreshFailed: boolean | undefined }[] = [];
      page.on('response', async (response) => {
        if (!/\/v1\/(stats|series|breakdown|aging|low-stock|activity)\b/.test(response.url())) return;
        if (response.status() !== 200) return;
        const body = (await response.json().catch(() => undefined)) as
          { cache?: { stale: boolean; refreshFailed?: boolean } } | undefined;
        if (body?.cache)
          answers.push({ url: response.url(), stale: body.cache.stale, refreshFailed: body.cache.refreshFailed });
      });
      await page.reload();
      await loaded(page);
      // The reload was answered stale (revalidating), and each such report was then asked again and answered fresh.
      const revalidated = [...new Set(answers.filter((a) => a.stale).map((a) => a.url))];
      expect(revalidated.length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.refreshFailed !== false)).toEqual([]);
      await expect
        .poll(() => revalidated.filter((url) => !answers.some((a) => a.url === url && !a.stale)), { timeout: 30_000 })
        .toEqual([]);
      await loaded(page);
      const marks = await page.evaluate(
        () => (window as unknown as { __deep(s: string): Element[] }).__deep('[part~="stale"]').length,
      );
      expect(marks).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  for (const width of WIDTHS) {
    it(`does not jump while loading at ${width} px (CLS ≤ ${MAX_CLS})`, async () => {
      const { page, close } = await open(width);
      try {
        const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
        console.info(`demo page at ${width} px: CLS ${cls.toFixed(4)}`);
        expect(cls).toBeLessThanOrEqual(MAX_CLS);
      } finally {
        await close();
      }
    }, 180_000);
  }

  it('writes every English date in one form, day first, as the server labels periods', async () => {
    const { page, close } = await open(1280);
    try {
      // Charts draw once in view: scroll through the page so that every chart has its data table.
      for (let y = 0; y < 4000; y += 600) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(150);
      }
      await page.waitForTimeout(1500);
      const texts = await page.evaluate(() => {
        const w = window as unknown as { __deep(s: string): Element[] };
        const found: string[] = [];
        for (const el of w.__deep('*')) {
          for (const node of el.shadowRoot ? [] : el.childNodes) {
            if (node.nodeType === Node.TEXT_NODE && node.textContent!.trim()) found.push(node.textContent!.trim());
          }
          const label = el.getAttribute('aria-label');
          if (label) found.push(label);
        }
        // (A chart's axis is drawn on a canvas; its dates are those of its data table, read here.)
        return found;
      });
      const month = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)';
      const dayFirst = texts.filter((t) => new RegExp(`\\b\\d{1,2}(?:[–-]\\d{1,2})? ${month}\\b`).test(t));
      const monthFirst = texts.filter((t) => new RegExp(`\\b${month} \\d{1,2}\\b`).test(t));
      expect(dayFirst.length).toBeGreaterThan(5);
      expect(monthFirst).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  for (const width of [390, 1280]) {
    it(`cuts no stat-card text at ${width} px, and the values of one row share one size`, async () => {
      const { page, close } = await open(width);
      try {
        const report = await page.evaluate(() => {
          const w = window as unknown as { __deep(s: string): Element[]; __describe(e: Element): string };
          const clipped: string[] = [];
          const cards = w.__deep('dash-stat-card');
          for (const card of cards) {
            const root = card.shadowRoot!;
            const base = root.querySelector('[part~="base"]')!.getBoundingClientRect();
            for (const el of root.querySelectorAll<HTMLElement>(
              '[part~="label"], [part~="value"], [part~="change"], [part~="comparison"]',
            )) {
              const r = el.getBoundingClientRect();
              if (el.scrollWidth > el.clientWidth + 0.5 || r.right > base.right + 0.5 || r.left < base.left - 0.5)
                clipped.push(`${w.__describe(el)}: ${el.scrollWidth} > ${el.clientWidth}`);
            }
          }
          // Values in one row (same top) must share one font size.
          const rows = new Map<number, Set<string>>();
          for (const card of cards) {
            const value = card.shadowRoot!.querySelector<HTMLElement>('[part~="value"]')!;
            const top = Math.round(card.getBoundingClientRect().top);
            const sizes = rows.get(top) ?? new Set<string>();
            // To the half pixel: cards of one row differ in width by a fraction of a pixel, their sizes by less.
            sizes.add(`${Math.round(parseFloat(getComputedStyle(value).fontSize) * 2) / 2}px`);
            rows.set(top, sizes);
          }
          return { clipped, mixed: [...rows.values()].filter((s) => s.size > 1).map((s) => [...s].join(' / ')) };
        });
        expect(report.clipped).toEqual([]);
        expect(report.mixed).toEqual([]);
      } finally {
        await close();
      }
    }, 180_000);
  }

  for (const width of [390, 1280]) {
    it(`has hit targets of at least 24 × 24 px and focus rings no scroll container cuts, at ${width} px`, async () => {
      const { page, close } = await open(width);
      try {
        const selector =
          'button:not([disabled]), a[href], input:not([type="hidden"]), select, summary, [tabindex]:not([tabindex="-1"])';
        const count = await page.evaluate(
          (sel) =>
            (window as unknown as { __deep(s: string): Element[] }).__deep(`dash-board, dash-board *`).length &&
            (window as unknown as { __deep(s: string): Element[] }).__deep(sel).length,
          selector,
        );
        expect(count).toBeGreaterThan(20);
        const small: string[] = [];
        const cut: string[] = [];
        for (let i = 0; i < count; i++) {
          const found = await page.evaluate(
            ({ sel, i }) => {
              const w = window as unknown as { __deep(s: string): HTMLElement[]; __describe(e: Element): string };
              const el = w.__deep(sel)[i];
              if (!el) return undefined;
              // Only the widgets' own controls: the page around them is not the library's.
              let host: Element | null = el;
              while (host && !host.localName.startsWith('dash-')) {
                host = host.parentElement ?? ((host.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
              }
              if (!host) return undefined;
              const rect = el.getBoundingClientRect();
              if (rect.width === 0 && rect.height === 0) return undefined; // not rendered (a closed panel)
              if (getComputedStyle(el).visibility === 'hidden') return undefined;
              el.scrollIntoView({ block: 'center' });
              el.focus({ focusVisible: true } as FocusOptions);
              const style = getComputedStyle(el);
              const width = parseFloat(style.outlineWidth) || 0;
              const offset = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineOffset) || 0;
              const grow = style.outlineStyle === 'none' ? 0 : Math.max(0, width + offset);
              const r = el.getBoundingClientRect();
              const ring = { top: r.top - grow, left: r.left - grow, bottom: r.bottom + grow, right: r.right + grow };
              // The nearest ancestors (across shadow roots) that clip: the ring must fit inside each.
              const clippedBy: string[] = [];
              for (
                let node: Element | null = el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element);
                node && node !== document.documentElement;
                node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null
              ) {
                const s = getComputedStyle(node);
                if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
                const c = node.getBoundingClientRect();
                const inner = {
                  top: c.top + node.clientTop,
                  left: c.left + node.clientLeft,
                  bottom: c.top + node.clientTop + node.clientHeight,
                  right: c.left + node.clientLeft + node.clientWidth,
                };
                if (
                  ring.top < inner.top - 0.5 ||
                  ring.left < inner.left - 0.5 ||
                  ring.bottom > inner.bottom + 0.5 ||
                  ring.right > inner.right + 0.5
                )
                  clippedBy.push(w.__describe(node));
              }
              return {
                name: w.__describe(el),
                width: r.width,
                height: r.height,
                inline: style.display === 'inline',
                focused: (el.getRootNode() as Document | ShadowRoot).activeElement === el,
                ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
                clippedBy,
              };
            },
            { sel: selector, i },
          );
          if (!found) continue;
          if (!found.inline && (found.width < 24 - 0.01 || found.height < 24 - 0.01))
            small.push(`${found.name}: ${found.width.toFixed(1)} × ${found.height.toFixed(1)}`);
          if (found.focused && (!found.ring || found.clippedBy.length > 0))
            cut.push(`${found.name}: ${found.ring ? `cut by ${found.clippedBy.join(', ')}` : 'no visible ring'}`);
        }
        expect({ small, cut }).toEqual({ small: [], cut: [] });
      } finally {
        await close();
      }
    }, 300_000);
  }

  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`screenshots the demo at ${width} px, ${scheme}`, async () => {
        const { page, problems, close } = await open(width, scheme);
        try {
          // Charts draw once in view: bring each into view first, so the full-page picture shows them.
          for (const chart of await page.locator('dash-chart').all()) {
            await chart.scrollIntoViewIfNeeded();
            await chart.locator('canvas').first().waitFor({ timeout: 60_000 });
          }
          await page.evaluate(() => window.scrollTo(0, 0));
          await page.screenshot({ path: join(RESULTS_DIR, `demo-${width}-${scheme}.png`), fullPage: true });
          expect(problems).toEqual([]);
        } finally {
          await close();
        }
      }, 180_000);
    }
  }
});
