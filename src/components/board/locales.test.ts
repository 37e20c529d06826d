/**
 * Issue 16, the widgets' side: a board in each built-in locale, in real Chromium. The backend's answers
 * are the contract fixtures with every server-written text (labels, names, period labels) replaced by a
 * word in the board's language — what a localizing backend sends — so that any English word left on the
 * page can only come from the widgets themselves. Every shadow root is walked: text, `aria-label`,
 * `title`, and the screen-reader-only text. Also: the chart's keyboard path, and the period filter's
 * month names in the board's calendar.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import agingJson from '../../../tests/fixtures/aging.json';
import lowStockJson from '../../../tests/fixtures/lowStock.json';
import metaJson from '../../../tests/fixtures/meta.json';
import seriesJson from '../../../tests/fixtures/series.json';
import statsJson from '../../../tests/fixtures/stats.json';
import { ALLOWED_LATIN_WORDS, latinWords } from '../../../tests/support/latin-words.js';
import { installFetchMock, json, type FetchMock } from '../../../tests/support/mock-fetch.js';
import '../../define/aging-table.js';
import '../../define/board.js';
import '../../define/chart.js';
import '../../define/low-stock.js';
import '../../define/period-filter.js';
import '../../define/stat-grid.js';
import { loadMessages } from '../../internal/i18n.js';
import type { DashBoard } from './board.js';

/** Server-written text fields of the fixtures. */
const TEXT_KEYS = new Set(['label', 'name', 'description', 'title', 'detail', 'sku']);

/** `value` with every server-written text replaced by `word` (dates, ids and enums stay). */
function localized<T>(value: T, word: string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => localized(v, word)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, TEXT_KEYS.has(k) && typeof v === 'string' ? word : localized(v, word)]),
    ) as T;
  return value;
}

/** Every Latin word a person could see or hear, across every shadow root under `root`. */
const latinWordsIn = (root: Node) => latinWords(root, ALLOWED_LATIN_WORDS);

const BASE = '/mock/locales';
let mock: FetchMock | undefined;

afterEach(() => {
  mock?.restore();
  document.body.replaceChildren();
});

async function mountBoard(locale: string, calendar: string | undefined, word: string): Promise<DashBoard> {
  const routes = {
    'v1/meta': { ...localized(metaJson, word), locale, currency: 'EUR' },
    'v1/stats': localized(statsJson, word),
    'v1/series': localized(seriesJson, word),
    'v1/aging': localized(agingJson, word),
    'v1/low-stock': localized(lowStockJson, word),
  };
  mock = installFetchMock(BASE, routes);
  await loadMessages(locale);
  const board = document.createElement('dash-board');
  board.setAttribute('src', BASE);
  board.setAttribute('locale', locale);
  if (calendar) board.setAttribute('calendar', calendar);
  board.innerHTML = `
    <dash-period-filter></dash-period-filter>
    <dash-stat-grid metrics="revenue,orders"></dash-stat-grid>
    <dash-chart metrics="revenue,orders"></dash-chart>
    <dash-aging-table></dash-aging-table>
    <dash-low-stock></dash-low-stock>`;
  document.body.append(board);
  await settledAll(board);
  return board;
}

/** Waits until no element under `board` is busy and every chart has drawn. */
async function settledAll(board: Element): Promise<void> {
  const busy = () => {
    let n = 0;
    const walk = (root: Element | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.getAttribute('aria-busy') === 'true' || el.classList.contains('skeleton')) n++;
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(board);
    return n;
  };
  await expect.poll(busy, { timeout: 10_000 }).toBe(0);
  const chart = board.querySelector('dash-chart')!;
  await expect.poll(() => chart.shadowRoot!.querySelector('canvas') !== null, { timeout: 10_000 }).toBe(true);
}

describe('a board in every built-in locale', () => {
  for (const [locale, calendar, word, dir] of [
    ['fa-IR', 'persian', 'درآمد', 'rtl'],
    ['ar-SA', 'islamic-umalqura', 'الإيرادات', 'rtl'],
  ] as const) {
    it(`${locale}: no English word in any shadow root, right to left`, async () => {
      const board = await mountBoard(locale, calendar, word);
      expect(latinWordsIn(board)).toEqual([]);
      const grid = board.querySelector('dash-stat-grid')!;
      expect(grid.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).toBe(dir);
      // A host still overrides nothing here: the built-in catalog wrote the chart's button.
      const chart = board.querySelector('dash-chart')!;
      expect(chart.shadowRoot!.querySelector('[part~="table-toggle"]')!.textContent!.trim()).not.toMatch(/[A-Za-z]/);
    });
  }

  for (const [locale, expected] of [
    ['de-DE', 'Datentabelle anzeigen'],
    ['fr-FR', 'Afficher le tableau de données'],
    ['es-ES', 'Mostrar tabla de datos'],
    ['en-US', 'Show data table'],
  ] as const) {
    it(`${locale}: the widgets' own texts come from its catalog`, async () => {
      const board = await mountBoard(locale, undefined, 'X');
      const chart = board.querySelector('dash-chart')!;
      expect(chart.shadowRoot!.querySelector('[part~="table-toggle"]')!.textContent!.trim()).toBe(expected);
    });
  }
});

describe('the period filter under a calendar', () => {
  it('names the current month and year in the board calendar', async () => {
    const board = await mountBoard('fa-IR', 'persian', 'درآمد');
    const filter = board.querySelector('dash-period-filter')!;
    const month = filter.shadowRoot!.querySelector('[data-range="month"] .hint')!.textContent!;
    const today = new Date().toISOString().slice(0, 10);
    const [y, m, d] = today.split('-').map(Number);
    const persian = new Intl.DateTimeFormat('fa-IR-u-ca-persian', { month: 'long', timeZone: 'UTC' });
    expect(month).toBe(persian.format(new Date(Date.UTC(y!, m! - 1, d!))));
    // A Persian month name, not a Gregorian one: Farvardin…Esfand.
    expect([
      'فروردین',
      'اردیبهشت',
      'خرداد',
      'تیر',
      'مرداد',
      'شهریور',
      'مهر',
      'آبان',
      'آذر',
      'دی',
      'بهمن',
      'اسفند',
    ]).toContain(month);
  });

  it('names the Umm al-Qura month for ar-SA, and nothing without a calendar', async () => {
    const board = await mountBoard('ar-SA', 'islamic-umalqura', 'الإيرادات');
    const filter = board.querySelector('dash-period-filter')!;
    const month = filter.shadowRoot!.querySelector('[data-range="month"] .hint')!.textContent!;
    const hijri = new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura', { month: 'long' }).format(new Date());
    expect(month).toBe(hijri);
    board.removeAttribute('calendar');
    await expect.poll(() => filter.shadowRoot!.querySelector('[data-range="month"] .hint')).toBeNull();
  });
});

describe('the chart from the keyboard', () => {
  it('moves a cursor over the points, mirrored right to left, and announces each one', async () => {
    const board = await mountBoard('fa-IR', 'persian', 'درآمد');
    const chart = board.querySelector('dash-chart')!;
    const frame = chart.shadowRoot!.querySelector<HTMLElement>('[part~="chart"]')!;
    expect(frame.tabIndex).toBe(0);
    const live = () => frame.querySelector('[aria-live]')!.textContent!.trim();
    frame.focus();
    await userEvent.keyboard('{Home}');
    await expect.poll(live).toContain('درآمد');
    const first = live();
    // Right to left the time axis runs leftwards: ArrowLeft is the next day.
    await userEvent.keyboard('{ArrowLeft}');
    await expect.poll(live).not.toBe(first);
    const second = live();
    await userEvent.keyboard('{ArrowRight}');
    await expect.poll(live).toBe(first);
    await userEvent.keyboard('{End}');
    await expect.poll(live).not.toBe(first);
    const last = live();
    // PageUp from the last day goes back a week: neither the last nor the first point.
    await userEvent.keyboard('{PageUp}');
    await expect.poll(live).not.toBe(last);
    expect([first, second]).not.toContain(live());
    // Persian digits and the Persian calendar in what is announced.
    expect(live()).toMatch(/[۰-۹]/);
    // Every series name in it (the comparison's too) is in Persian, even when the catalog came after the data.
    expect(live()).not.toMatch(/[A-Za-z]{3,}/);
    expect(latinWordsIn(chart.shadowRoot!)).toEqual([]);
  });
});

describe('the board’s own v1/meta', () => {
  it('is asked in the board’s locale, so its filter chips name dimensions in that language', async () => {
    const label = (url: URL) => (url.searchParams.get('locale') === 'fa-IR' ? 'مشتری' : 'Customer');
    // A backend of its own: the shared client of BASE keeps the v1/meta answers of the tests above.
    const base = `${BASE}-meta`;
    mock = installFetchMock(base, {
      // A backend that takes `locale` lists its calendars; it words the dimension in the locale asked.
      'v1/meta': (_request: Request, url: URL) =>
        json({
          ...metaJson,
          calendars: ['gregory', 'persian'],
          dimensions: [{ id: 'customer', label: label(url), reports: ['stats'] }],
        }),
    });
    const board = document.createElement('dash-board');
    board.setAttribute('src', base);
    board.setAttribute('locale', 'fa-IR');
    board.setAttribute('filter', 'customer:42');
    document.body.append(board);
    const chip = () => board.shadowRoot!.querySelector('[part~="chip"]')?.textContent ?? '';
    await expect.poll(chip).toContain('مشتری');
    board.setAttribute('locale', 'en-US');
    await expect.poll(chip).toContain('Customer');
  });
});
