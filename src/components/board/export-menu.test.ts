/**
 * `<dash-board export-menu>` in real Chromium: the WAI-ARIA menu button
 * driven from the keyboard, the ad-hoc board it POSTs to `v1/render.{format}`,
 * the CSV of each table, an export error with Retry, and the Print button with
 * the board's print stylesheet.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { axeViolations, part, text } from '../../../tests/support/dom.js';
import '../../define/board.js';
import '../../define/stat-card.js';
import '../../define/low-stock.js';
import '../../define/aging-table.js';
import '../../define/chart.js';
import type { DashBoard } from './board.js';

afterEach(async () => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
  await cdp().send('Emulation.setEmulatedMedia', { media: '' });
});

async function mount(attributes: Record<string, string>, inner: string): Promise<DashBoard> {
  const board = document.createElement('dash-board');
  board.setAttribute('export-menu', '');
  for (const [name, value] of Object.entries(attributes)) board.setAttribute(name, value);
  board.innerHTML = inner;
  document.body.append(board);
  await board.updateComplete;
  // The toolbar is loaded on demand: its buttons appear once its module has arrived.
  await expect.poll(() => board.shadowRoot!.querySelector('.menu-button'), { timeout: 10_000 }).not.toBeNull();
  return board;
}

const button = (b: DashBoard) => b.shadowRoot!.querySelector<HTMLButtonElement>('.menu-button')!;
const items = (b: DashBoard) => [...b.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitem"]')];
const focused = (b: DashBoard) => b.shadowRoot!.activeElement;

/** Catches the downloads: the Blob and the name of each. */
function downloads(): { name: string; blob: Blob }[] {
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test-${blobs.size}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href')!)! });
  });
  return saved;
}

const WIDGETS = `
  <dash-stat-card metric="revenue"></dash-stat-card>
  <dash-chart type="bar" breakdown="customer" metrics="revenue" limit="5"></dash-chart>
  <dash-aging-table sort="total"></dash-aging-table>`;

describe('<dash-board export-menu>', () => {
  it('is a menu button the keyboard drives: Enter, Space and ArrowDown open, arrows move, Escape returns', async () => {
    const api = fixtureBackend();
    const board = await mount({ src: api.base }, WIDGETS);
    const b = button(board);
    expect(b.getAttribute('aria-haspopup')).toBe('menu');
    expect(b.getAttribute('aria-expanded')).toBe('false');
    expect(items(board)).toHaveLength(0);

    b.focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => items(board).map((i) => text(i))).toEqual(['PDF', 'PNG', 'CSV: Receivables aging']);
    expect(b.getAttribute('aria-expanded')).toBe('true');
    expect(b.getAttribute('aria-controls')).toBe(part(board, 'export-menu')!.id);
    expect(part(board, 'export-menu')!.getAttribute('role')).toBe('menu');
    expect(focused(board)).toBe(items(board)[0]);
    expect(await axeViolations(board)).toEqual([]);

    await userEvent.keyboard('{ArrowDown}');
    expect(focused(board)).toBe(items(board)[1]);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(focused(board)).toBe(items(board)[0]); // wraps around
    await userEvent.keyboard('{ArrowUp}');
    expect(focused(board)).toBe(items(board)[2]);
    await userEvent.keyboard('{Home}');
    expect(focused(board)).toBe(items(board)[0]);
    await userEvent.keyboard('{End}');
    expect(focused(board)).toBe(items(board)[2]);

    await userEvent.keyboard('{Escape}');
    await expect.poll(() => items(board)).toHaveLength(0);
    expect(b.getAttribute('aria-expanded')).toBe('false');
    expect(focused(board)).toBe(b);

    await userEvent.keyboard(' ');
    await expect.poll(() => items(board)).toHaveLength(3);
    expect(focused(board)).toBe(items(board)[0]);
    await userEvent.keyboard('{Escape}');
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => items(board)).toHaveLength(3);
    expect(focused(board)).toBe(items(board)[0]);
    await userEvent.keyboard('{Escape}');
    await userEvent.keyboard('{ArrowUp}');
    await expect.poll(() => focused(board)).toBe(items(board)[2]);

    // A click elsewhere closes it too.
    await userEvent.click(document.body);
    await expect.poll(() => items(board)).toHaveLength(0);
    // Nothing was exported on the way.
    expect((await api.requests()).filter((r) => r.method === 'POST' || r.path.startsWith('v1/export'))).toEqual([]);
  });

  it('PDF: POSTs the board built from its children and state, with locale, currency and theme, and saves it', async () => {
    const api = fixtureBackend();
    const saved = downloads();
    document.title = 'Sales board';
    const board = await mount(
      {
        src: api.base,
        range: 'custom',
        from: '2026-11-01',
        to: '2026-11-30',
        compare: 'year',
        filter: 'customer:42',
        theme: 'dark',
        locale: 'de-DE',
      },
      WIDGETS,
    );
    button(board).focus();
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => items(board)).toHaveLength(3);
    await userEvent.keyboard('{Enter}');

    await expect.poll(() => saved).toHaveLength(1);
    const [request] = await api.requests('v1/render.pdf');
    expect(request!.method).toBe('POST');
    expect(request!.body).toEqual({
      title: 'Sales board',
      range: 'custom',
      from: '2026-11-01',
      to: '2026-11-30',
      compare: 'year',
      filter: 'customer:42',
      widgets: [
        { type: 'stat-card', metric: 'revenue' },
        { type: 'chart', chartType: 'bar', breakdown: 'customer', metrics: 'revenue', limit: 5 },
        { type: 'aging-table', sort: 'total', pageSize: 50 }, // reflected defaults are the element's state too
      ],
    });
    expect(request!.query).toMatchObject({ locale: 'de-DE', theme: 'dark' });
    expect(request!.query['currency']).toMatch(/^[A-Z]{3}$/);
    expect(saved[0]!.name).toBe('sales-board-2026-11-01_2026-11-30.pdf');
    expect(await saved[0]!.blob.text()).toBe('rendered pdf');
    // The menu closed and gave the keyboard back to its button.
    expect(items(board)).toHaveLength(0);
    expect(focused(board)).toBe(button(board));
  });

  it('shows a failed export in the widget error style, and Retry sends it again', async () => {
    const api = fixtureBackend();
    const saved = downloads();
    const board = await mount({ src: api.base, range: 'month' }, WIDGETS);
    await api.control({ fail: { path: 'v1/render.png', status: 500 } });
    await userEvent.click(button(board));
    await expect.poll(() => items(board)).toHaveLength(3);
    await userEvent.click(items(board)[1]!);

    await expect
      .poll(() => text(part(board, 'error')))
      .toMatch(/^Could not export PNG: the server could not answer just now/);
    expect(part(board, 'error')!.getAttribute('role')).toBe('alert');
    expect(saved).toHaveLength(0);
    await userEvent.click(part(board, 'retry')!);
    await expect.poll(() => saved.map((s) => s.name)).toEqual(['sales-board-month.png']);
    expect(part(board, 'error')).toBeNull();
    expect((await api.requests('v1/render.png')).map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('CSV: downloads each table from v1/export with its sort and the filters its report takes', async () => {
    const api = fixtureBackend();
    const saved = downloads();
    const board = await mount({ src: api.base, filter: 'customer:42' }, WIDGETS + '<dash-low-stock></dash-low-stock>');
    await expect.poll(async () => (await api.requests('v1/meta')).length).toBeGreaterThan(0);
    await userEvent.click(button(board));
    await expect.poll(() => items(board).map((i) => text(i))).toContain('CSV: Low stock');
    await userEvent.click(items(board).find((i) => text(i) === 'CSV: Receivables aging')!);
    await expect.poll(() => saved.map((s) => s.name)).toEqual(['aging.csv']);
    const [csv] = await api.requests('v1/export/aging.csv');
    expect(csv!.query).toEqual({ sort: 'total', filter: 'customer:42' });
  });

  it('Print prints the whole board: every widget, no toolbar or chips', async () => {
    const api = fixtureBackend();
    const printed = vi.spyOn(window, 'print').mockImplementation(() => {});
    const board = await mount({ src: api.base, filter: 'customer:42' }, WIDGETS);
    const print = board.shadowRoot!.querySelector<HTMLButtonElement>('.print-button')!;
    expect(text(print)).toBe('Print');
    await userEvent.click(print);
    expect(printed).toHaveBeenCalledOnce();

    await cdp().send('Emulation.setEmulatedMedia', { media: 'print' });
    expect(matchMedia('print').matches).toBe(true);
    expect(getComputedStyle(part(board, 'toolbar')!).display).toBe('none');
    expect(getComputedStyle(part(board, 'filters')!).display).toBe('none');
    expect(getComputedStyle(part(board, 'base')!).display).toBe('block');
    for (const el of board.children) {
      expect(getComputedStyle(el).display).toBe('block');
      expect(el.getBoundingClientRect().width).toBeCloseTo(board.getBoundingClientRect().width, 0);
    }
  });

  it('has no toolbar without export-menu', async () => {
    const api = fixtureBackend();
    const board = document.createElement('dash-board');
    board.setAttribute('src', api.base);
    document.body.append(board);
    await board.updateComplete;
    expect(part(board, 'toolbar')).toBeNull();
  });
});
