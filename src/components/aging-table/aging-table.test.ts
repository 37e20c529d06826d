import { ContextProvider } from '@lit/context';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { AgingInvoicesResponse } from '../../contract/aging-invoices.js';
import { AgingResponse } from '../../contract/aging.js';
import { Problem } from '../../contract/common.js';
import { MetaResponse } from '../../contract/meta.js';
import { dashboardContext } from '../../context/dashboard.js';
import { createClient } from '../../internal/client.js';
import agingEmptyJson from '../../../tests/fixtures/aging.empty.json';
import agingJson from '../../../tests/fixtures/aging.json';
import invoicesJson from '../../../tests/fixtures/agingInvoices.json';
import metaJson from '../../../tests/fixtures/meta.json';
import problemJson from '../../../tests/fixtures/problem-500.json';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { emitSeen, liveBoard, requestCount } from '../../../tests/support/live-board.js';
import { deferred, installFetchMock, json, type FetchMock, type Route } from '../../../tests/support/mock-fetch.js';
import '../../define/aging-table.js';
import { agingTone, themeColors } from '../../view/theme.js';
import { SEARCH_DEBOUNCE_MS, type DashAgingTable } from './aging-table.js';

// Parsing proves the fixtures are responses a real backend could send.
const META = MetaResponse.parse(metaJson);
const AGING = AgingResponse.parse(agingJson);
const AGING_EMPTY = AgingResponse.parse(agingEmptyJson);
const INVOICES = AgingInvoicesResponse.parse(invoicesJson);
const PROBLEM = Problem.parse(problemJson);

/** Twelve customers: the fixture's five, then seven more built from them. */
const CUSTOMERS = Array.from({ length: AGING.total }, (_, i) =>
  i < AGING.customers.length
    ? AGING.customers[i]!
    : { ...AGING.customers[i % AGING.customers.length]!, id: 900 + i, name: `Customer ${i + 1}` },
);

/** `v1/aging` that pages like the real one (and checks its own answer against the contract). */
const agingPages: Route = (_request: Request, url: URL) => {
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  const asOf = url.searchParams.get('asOf') ?? AGING.asOf;
  const body = { ...structuredClone(AGING), asOf, customers: CUSTOMERS.slice(offset, offset + limit), offset, limit };
  return json(AgingResponse.parse(body));
};

const mocks: FetchMock[] = [];
let baseCounter = 0;

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const el of document.querySelectorAll('dash-aging-table')) el.remove();
  document.body.replaceChildren();
  for (const mock of mocks.splice(0)) mock.restore();
  await cdp().send('Emulation.setEmulatedMedia', { media: '', features: [] });
});

function backend(routes: Record<string, Route> = {}): { base: string; mock: FetchMock } {
  const base = `/aging-api-${++baseCounter}`;
  const mock = installFetchMock(base, {
    'v1/meta': structuredClone(META),
    'v1/aging': agingPages,
    'v1/aging/customers/101/invoices': structuredClone(INVOICES),
    ...routes,
  });
  mocks.push(mock);
  return { base, mock };
}

async function mount(attributes: Record<string, string>, parent: HTMLElement = document.body): Promise<DashAgingTable> {
  const el = document.createElement('dash-aging-table');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  await el.updateComplete;
  return el;
}

const $ = <T extends Element = HTMLElement>(el: DashAgingTable, selector: string) =>
  el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: DashAgingTable, selector: string) => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/[ \t\r\n]+/g, ' ').trim();
const params = (request: Request | undefined) => Object.fromEntries(new URL(request!.url).searchParams);
const sortButton = (el: DashAgingTable, id: string) => $<HTMLButtonElement>(el, `[part~="sort"][data-sort="${id}"]`)!;
const expandButtons = (el: DashAgingTable) => $$<HTMLButtonElement>(el, '[part~="expand"]');
const bodyRows = (el: DashAgingTable) =>
  $$(el, '[part~="table"] > tbody > tr.row').map((tr) => [...tr.children].map((c) => text(c) ?? ''));

async function settled(el: DashAgingTable): Promise<void> {
  await expect.poll(() => $(el, '[part~="base"]')?.getAttribute('aria-busy')).toBe('false');
}

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('<dash-aging-table>', () => {
  it('renders customers per bucket with totals, the summary and the report date', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base });
    await settled(el);

    expect(params(mock.calls('v1/aging')[0])).toEqual({ sort: 'overdue', order: 'desc', limit: '50', offset: '0' });
    expect($$(el, 'thead th').map((th) => text(th))).toEqual([
      'Customer',
      ...AGING.buckets.map((b) => b.label),
      'Total',
      'Overdue',
    ]);
    const rows = bodyRows(el);
    expect(rows).toHaveLength(CUSTOMERS.length);
    expect(rows[0]).toEqual([
      'Acme Ltd',
      '€1,200.00',
      '€850.50',
      '€0.00',
      '€420.00',
      '€0.00',
      '€1,310.00',
      '€3,780.50',
      '€2,580.50',
    ]);
    expect(text($(el, '[part~="subtitle"]'))).toBe('As of 21 Nov 2025 · by due date');
    const summary = $$(el, '[part~="summary"] > div').map((d) => [
      text(d.querySelector('dt')),
      text(d.querySelector('dd')),
    ]);
    expect(summary).toEqual([
      ['Receivable', '€15,046.45'],
      ['Overdue', '€7,996.45 (53.2%)'],
      ['Customers', '12'],
      ['At risk (over 90 days)', '3'],
    ]);
  });

  it('sorts on the server from the header buttons, with aria-sort following', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, 'page-size': '5' });
    await settled(el);
    const sortOf = (id: string) => sortButton(el, id).closest('th')!.getAttribute('aria-sort');
    const events: unknown[] = [];
    el.addEventListener('dash-sort-change', (e) => events.push(e.detail));

    expect(sortOf('overdue')).toBe('descending');
    expect(sortOf('total')).toBeNull();

    await userEvent.click(sortButton(el, 'total'));
    await expect.poll(() => mock.calls('v1/aging')).toHaveLength(2);
    expect(params(mock.calls('v1/aging')[1])).toMatchObject({ sort: 'total', order: 'desc', offset: '0' });
    expect(sortOf('total')).toBe('descending');
    expect(sortOf('overdue')).toBeNull();
    expect(el.getAttribute('sort')).toBe('total');

    await userEvent.click(sortButton(el, 'total'));
    await expect.poll(() => mock.calls('v1/aging')).toHaveLength(3);
    expect(params(mock.calls('v1/aging')[2])).toMatchObject({ sort: 'total', order: 'asc' });
    expect(sortOf('total')).toBe('ascending');

    await userEvent.click(sortButton(el, 'name'));
    await expect.poll(() => sortOf('name')).toBe('ascending');
    await userEvent.click(sortButton(el, 'days_31_60'));
    await expect.poll(() => params(mock.calls('v1/aging').at(-1))).toMatchObject({ sort: 'days_31_60', order: 'desc' });

    expect(events).toEqual([
      { sort: 'total', order: 'desc' },
      { sort: 'total', order: 'asc' },
      { sort: 'name', order: 'asc' },
      { sort: 'days_31_60', order: 'desc' },
    ]);
  });

  it('fires no event when sort, order or search are set from code', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base });
    await settled(el);
    const spy = vi.fn();
    el.addEventListener('dash-sort-change', spy);
    el.addEventListener('dash-row-toggle', spy);

    el.sort = 'name';
    el.order = 'desc';
    el.search = 'acme';
    await expect
      .poll(() => params(mock.calls('v1/aging').at(-1)))
      .toMatchObject({
        sort: 'name',
        order: 'desc',
        search: 'acme',
      });
    expect(sortButton(el, 'name').closest('th')!.getAttribute('aria-sort')).toBe('descending');
    expect($<HTMLInputElement>(el, 'input[type="search"]')!.value).toBe('acme');
    expect(spy).not.toHaveBeenCalled();
  });

  it('searches 300 ms after the last keystroke, once, from a labelled box', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, 'page-size': '5' });
    await settled(el);
    const input = $<HTMLInputElement>(el, 'input[type="search"]')!;
    expect(input.labels?.[0]?.textContent?.trim()).toBe('Search customers');

    // Go to page 2 first: a new search starts from the first page.
    await userEvent.click($$<HTMLButtonElement>(el, '.page')[1]!);
    await expect.poll(() => mock.calls('v1/aging')).toHaveLength(2);
    await settled(el);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const value of ['a', 'ac', 'acm', 'acme']) {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS - 101);
    await el.updateComplete;
    expect(mock.calls('v1/aging')).toHaveLength(2);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();

    await expect.poll(() => mock.calls('v1/aging')).toHaveLength(3);
    expect(params(mock.calls('v1/aging')[2])).toMatchObject({ search: 'acme', offset: '0' });
    expect(el.getAttribute('search')).toBe('acme');
  });

  it('pages with Previous and Next, disabled at the ends', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, 'page-size': '5' });
    await settled(el);
    const [prev, next] = $$<HTMLButtonElement>(el, '.page');
    const range = () => text($(el, '.range'));

    expect(range()).toBe('1–5 of 12');
    expect(prev!.disabled).toBe(true);
    expect(next!.disabled).toBe(false);

    await userEvent.click(next!);
    await expect.poll(range).toBe('6–10 of 12');
    expect(params(mock.calls('v1/aging')[1])).toMatchObject({ limit: '5', offset: '5' });
    expect(bodyRows(el)[0]![0]).toBe('Customer 6');

    await userEvent.click(next!);
    await expect.poll(range).toBe('11–12 of 12');
    expect(next!.disabled).toBe(true);
    expect(prev!.disabled).toBe(false);
    expect(bodyRows(el)).toHaveLength(2);

    await userEvent.click(prev!);
    await expect.poll(range).toBe('6–10 of 12');
  });

  it('disables both pager buttons on a single page, and they look it', async () => {
    const { base } = backend();
    const el = await mount({ src: base, 'page-size': '50' });
    await settled(el);
    expect(text($(el, '.range'))).toBe('1–12 of 12');
    const buttons = $$<HTMLButtonElement>(el, '.page');
    expect(buttons.map((b) => b.disabled)).toEqual([true, true]);
    const enabled = getComputedStyle($(el, '[part~="export"]')!);
    for (const button of buttons) {
      const style = getComputedStyle(button);
      expect(style.cursor).toBe('not-allowed');
      expect(Number(style.opacity)).toBeLessThan(1);
      expect(style.borderColor).not.toBe(enabled.borderColor);
    }
  });

  it('expands a row into its invoices, fetched once per report date', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base });
    await settled(el);
    const toggles: unknown[] = [];
    el.addEventListener('dash-row-toggle', (e) => toggles.push(e.detail));
    const button = expandButtons(el)[0]!;

    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(text(button)).toBe('Acme Ltd');
    await userEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const details = el.shadowRoot!.getElementById(button.getAttribute('aria-controls')!)!;
    expect(details).not.toBeNull();

    await expect.poll(() => details.querySelectorAll('[part~="invoices"] tbody tr').length).toBe(4);
    expect(params(mock.calls('v1/aging/customers/101/invoices')[0])).toEqual({ asOf: '2025-11-21', basis: 'due' });
    const cells = [...details.querySelectorAll('[part~="invoices"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => text(c)),
    );
    expect(cells[0]).toEqual(['INV-2025-0612', '1 Jun 2025', '1 Jul 2025', '€1,310.00', '143', 'Overdue']);
    expect(cells[3]).toEqual(['INV-2025-1107', '7 Nov 2025', '7 Dec 2025', '€1,200.00', 'not yet due', 'Current']);

    // Closed and opened again: from the cache.
    await userEvent.click(button);
    expect(el.shadowRoot!.getElementById(details.id)).toBeNull();
    await userEvent.click(button);
    expect(el.shadowRoot!.querySelectorAll('[part~="invoices"] tbody tr')).toHaveLength(4);
    expect(mock.calls('v1/aging/customers/101/invoices')).toHaveLength(1);
    expect(toggles).toEqual([
      { id: 101, expanded: true },
      { id: 101, expanded: false },
      { id: 101, expanded: true },
    ]);

    // Another report date closes the rows and asks again.
    el.asOf = '2025-10-31';
    await settled(el);
    expect(expandButtons(el)[0]!.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(expandButtons(el)[0]!);
    await expect.poll(() => mock.calls('v1/aging/customers/101/invoices')).toHaveLength(2);
    expect(params(mock.calls('v1/aging/customers/101/invoices')[1])).toMatchObject({ asOf: '2025-10-31' });
  });

  it('shows an invoice error inside the row, with Retry', async () => {
    const { base, mock } = backend({ 'v1/aging/customers/101/invoices': () => json(PROBLEM, 500) });
    const el = await mount({ src: base });
    await settled(el);
    await userEvent.click(expandButtons(el)[0]!);
    await expect
      .poll(() => text($(el, '.details [part~="error"]')))
      .toContain('Could not load the invoices of Acme Ltd: the server could not answer just now');

    mock.route('v1/aging/customers/101/invoices', structuredClone(INVOICES));
    await userEvent.click($(el, '.details [part~="retry"]')!);
    await expect.poll(() => $$(el, '[part~="invoices"] tbody tr').length).toBe(4);
  });

  it('is operable from the keyboard: Tab reaches the sort buttons, Enter sorts, Space expands', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base });
    await settled(el);

    $<HTMLInputElement>(el, 'input[type="search"]')!.focus();
    const reached: string[] = [];
    for (let i = 0; i < 4; i++) {
      await userEvent.tab();
      const active = el.shadowRoot!.activeElement as HTMLElement | null;
      reached.push(active?.getAttribute('part') ?? active?.className ?? '');
    }
    expect(reached).toEqual(['export', 'scroll', 'sort', 'sort']);
    expect((el.shadowRoot!.activeElement as HTMLElement).dataset['sort']).toBe(AGING.buckets[0]!.id);

    await userEvent.keyboard('{Enter}');
    await expect.poll(() => params(mock.calls('v1/aging').at(-1))).toMatchObject({ sort: 'current', order: 'desc' });

    expandButtons(el)[0]!.focus();
    await userEvent.keyboard(' ');
    expect(expandButtons(el)[0]!.getAttribute('aria-expanded')).toBe('true');
    await userEvent.keyboard('{Enter}');
    expect(expandButtons(el)[0]!.getAttribute('aria-expanded')).toBe('false');
  });

  it('links the CSV export to the current report parameters', async () => {
    const { base } = backend();
    const el = await mount({ src: base, 'page-size': '5' });
    await settled(el);
    const link = () => $<HTMLAnchorElement>(el, 'a[part~="export"]')!;

    expect(new URL(link().href).pathname).toBe(`${base}/v1/export/aging.csv`);
    expect(params(new Request(link().href))).toEqual({ sort: 'overdue', order: 'desc' });
    expect(link().hasAttribute('download')).toBe(true);

    el.asOf = '2025-10-31';
    el.basis = 'invoice';
    el.search = 'café & co';
    await userEvent.click(sortButton(el, 'name'));
    await el.updateComplete;
    // Paging is not part of an export: the file has every row.
    expect(params(new Request(link().href))).toEqual({
      asOf: '2025-10-31',
      basis: 'invoice',
      sort: 'name',
      order: 'asc',
      search: 'café & co',
    });
  });

  it('downloads the CSV with the Authorization header when the board has a token', async () => {
    const { base, mock } = backend({ 'v1/export/aging.csv': () => new Response('customer,total\nAcme Ltd,3780.50\n') });
    const host = document.createElement('div');
    document.body.append(host);
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base, token: 'secret-token' }), revision: 0 },
    });
    const el = await mount({ search: 'acme' }, host);
    await settled(el);
    const saved: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      saved.push(blob as Blob);
      return 'blob:aging';
    });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('aging-2025-11-21.csv');
      expect(this.href).toBe('blob:aging');
    });

    expect($(el, 'a[part~="export"]')).toBeNull();
    await userEvent.click($(el, 'button[part~="export"]')!);
    await expect.poll(() => clicked).toHaveBeenCalledOnce();
    const [request] = mock.calls('v1/export/aging.csv');
    expect(request!.headers.get('authorization')).toBe('Bearer secret-token');
    expect(params(request)).toEqual({ sort: 'overdue', order: 'desc', search: 'acme' });
    expect(await saved[0]!.text()).toContain('Acme Ltd,3780.50');
  });

  it('prints the whole table: no controls, no scroll box, opened rows shown', async () => {
    const { base } = backend();
    const el = await mount({ src: base });
    await settled(el);
    await userEvent.click(expandButtons(el)[0]!);
    await expect.poll(() => $$(el, '[part~="invoices"] tbody tr').length).toBe(4);

    await cdp().send('Emulation.setEmulatedMedia', { media: 'print' });
    expect(matchMedia('print').matches).toBe(true);
    expect(getComputedStyle($(el, '.controls')!).display).toBe('none');
    expect(getComputedStyle($(el, '[part~="pager"]')!).display).toBe('none');
    expect(getComputedStyle($(el, '.scroll')!).overflowX).toBe('visible');
    expect(getComputedStyle($(el, '.chevron')!).display).toBe('none');
    expect($(el, '.details')!.getBoundingClientRect().height).toBeGreaterThan(50);
  });

  it('shows a skeleton while loading, then the table', async () => {
    const gate = deferred<Response>();
    const { base } = backend({ 'v1/aging': () => gate.promise });
    const el = await mount({ src: base, 'page-size': '5' });

    expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).toBe('true');
    expect($$(el, '.table-skeleton .skeleton')).toHaveLength(6);
    expect(await axeViolations(el)).toEqual([]);

    gate.resolve(json({ ...structuredClone(AGING) }));
    await settled(el);
    expect($(el, '.table-skeleton')).toBeNull();
    expect(bodyRows(el)).toHaveLength(5);
  });

  it('shows the error with Retry, and keeps the table when a refetch fails', async () => {
    const { base, mock } = backend({ 'v1/aging': () => json(PROBLEM, 500) });
    const el = await mount({ src: base, 'page-size': '5' });
    await settled(el);
    expect(text($(el, '[part~="error"]'))).toContain(
      'Could not load the aging report: the server could not answer just now',
    );
    expect(await axeViolations(el)).toEqual([]);

    mock.route('v1/aging', agingPages);
    await userEvent.click($(el, '[part~="retry"]')!);
    await expect.poll(() => bodyRows(el).length).toBe(5);
    expect($(el, '[part~="error"]')).toBeNull();

    mock.route('v1/aging', () => json(PROBLEM, 500));
    el.basis = 'invoice';
    await expect.poll(() => text($(el, '[part~="error"]'))).toContain('Could not refresh the aging report');
    expect(bodyRows(el)).toHaveLength(5);
  });

  it('says when nobody owes anything, or nobody matches the search', async () => {
    const { base } = backend({ 'v1/aging': structuredClone(AGING_EMPTY) });
    const el = await mount({ src: base });
    await settled(el);
    expect(text($(el, '[part~="empty"]'))).toBe('No open receivables.');
    expect($(el, '[part~="pager"]')).toBeNull();
    expect(await axeViolations(el)).toEqual([]);

    el.search = 'zzz';
    await expect.poll(() => text($(el, '[part~="empty"]'))).toBe('No customer matches “zzz”.');
  });

  it('marks stale data', async () => {
    const stale = structuredClone(AGING);
    stale.cache.stale = true;
    stale.cache.refreshFailed = true;
    const { base } = backend({ 'v1/aging': stale });
    const el = await mount({ src: base });
    await settled(el);
    expect(text($(el, '[part~="stale"]'))).toContain('Stale');
  });

  it('lays out right to left with Persian digits for fa-IR and IRR', async () => {
    const { base } = backend({ 'v1/meta': { ...structuredClone(META), locale: 'fa-IR', currency: 'IRR' } });
    const el = await mount({ src: base, 'page-size': '5' });
    await settled(el);

    expect($(el, '[part~="base"]')!.getAttribute('dir')).toBe('rtl');
    const first = bodyRows(el)[0]!;
    expect(first[1]).toMatch(/^[^0-9]*[۰-۹][^0-9]*$/);
    expect(first[1]).toContain('ریال');
    // The Persian catalog arrives on demand: the pager then reads "of" in Persian.
    await expect.poll(() => text($(el, '.range'))).toBe('۱–۵ از ۱۲');
    // Logical properties: the customer column starts on the right.
    const table = $(el, 'table')!.getBoundingClientRect();
    const name = expandButtons(el)[0]!.getBoundingClientRect();
    expect(table.right - name.right).toBeLessThan(table.width / 4);
    expect(await axeViolations(el)).toEqual([]);
  });

  it('uses the dark palette and passes axe in it, with a row open', async () => {
    const { base } = backend();
    const el = await mount({ src: base, theme: 'dark' });
    await settled(el);
    await userEvent.click(expandButtons(el)[0]!);
    await expect.poll(() => $$(el, '[part~="invoices"] tbody tr').length).toBe(4);
    expect(getComputedStyle($(el, '[part~="base"]')!).backgroundColor).toBe('rgb(21, 27, 35)');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('underlines each bucket header in its tone of the aging scale (the donut colours), in both themes', async () => {
    const { base } = backend();
    for (const theme of ['light', 'dark'] as const) {
      const el = await mount({ src: base, theme });
      await settled(el);
      const colors = themeColors(theme);
      const shadow = (id: string) => getComputedStyle(sortButton(el, id).closest('th')!).boxShadow;
      const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
      expect(AGING.buckets.map((b) => shadow(b.id))).toEqual(
        AGING.buckets.map((_, i, all) => `${rgb(colors[`aging-${agingTone(i, all.length)}`]!)} 0px -3px 0px 0px inset`),
      );
      // Customer, Total and Overdue carry no mark.
      for (const id of ['name', 'total', 'overdue']) expect(shadow(id)).toBe('none');
      el.remove();
    }
  });

  it('draws the expand chevron centred on the line of the name, 4 px from it', async () => {
    const { base } = backend();
    const el = await mount({ src: base });
    await settled(el);
    const button = expandButtons(el)[0]!;
    const chevron = button.querySelector('.chevron')!.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(button);
    const name = [...range.getClientRects()].at(-1)!;
    expect(Math.abs(chevron.y + chevron.height / 2 - (name.y + name.height / 2))).toBeLessThanOrEqual(1);
    expect(name.x - chevron.right).toBeCloseTo(4, 0);
  });

  it('passes axe in the light theme with a row open', async () => {
    const { base } = backend();
    const el = await mount({ src: base });
    await settled(el);
    await userEvent.click(expandButtons(el)[0]!);
    await expect.poll(() => $$(el, '[part~="invoices"] tbody tr').length).toBe(4);
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('<dash-aging-table> against the fixture backend (HTTP, another origin)', () => {
  it('loads, sorts, expands and exports over real requests', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, 'page-size': '5' });
    await settled(el);
    expect(bodyRows(el)[0]![0]).toBe('Acme Ltd');
    expect(text($(el, '.range'))).toBe('1–5 of 12');

    await userEvent.click(sortButton(el, 'total'));
    await expect
      .poll(async () => (await api.requests('v1/aging')).at(-1)?.query)
      .toMatchObject({
        sort: 'total',
        order: 'desc',
        limit: '5',
        offset: '0',
      });
    await settled(el);
    await userEvent.click(expandButtons(el)[0]!);
    await expect.poll(() => $$(el, '[part~="invoices"] tbody tr').length).toBe(INVOICES.invoices.length);
    const [invoices] = await api.requests('v1/aging/customers/101/invoices');
    expect(invoices!.query).toEqual({ asOf: '2025-11-21', basis: 'due' });

    const csv = await fetch($<HTMLAnchorElement>(el, 'a[part~="export"]')!.href);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await api.requests('v1/export/aging.csv'))[0]!.query).toEqual({ sort: 'total', order: 'desc' });
  });

  it('sends the token with the CSV download, shows errors and the empty variant', async () => {
    const api = fixtureBackend();
    await api.control({ fail: { path: 'v1/aging' } });
    const host = document.createElement('div');
    document.body.append(host);
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: api.base, token: 'tok' }), revision: 0 },
    });
    const el = await mount({}, host);
    await settled(el);
    expect(text($(el, '[part~="error"]'))).toContain(
      'Could not load the aging report: the server could not answer just now',
    );
    await userEvent.click($(el, '[part~="retry"]')!);
    await expect.poll(() => bodyRows(el).length).toBe(5);

    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:aging');
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await userEvent.click($(el, 'button[part~="export"]')!);
    await expect.poll(() => clicked).toHaveBeenCalledOnce();
    expect((await api.requests('v1/export/aging.csv'))[0]!.authorization).toBe('Bearer tok');

    await api.control({ variants: { aging: 'empty' } });
    el.basis = 'invoice';
    await expect.poll(() => text($(el, '[part~="empty"]'))).toBe('No open receivables.');
  });
});

describe('<dash-aging-table> in a live board', () => {
  it('refetches on the topics v1/meta lists for the aging report, and on no other', async () => {
    const api = fixtureBackend();
    // The revenue card moves on `orders`: it shows when an event has reached the board.
    const board = await liveBoard(
      api,
      '<dash-aging-table></dash-aging-table><dash-stat-card metric="revenue"></dash-stat-card>',
    );
    const aging = () => requestCount(api, 'v1/aging');
    expect(await aging()).toBe(1);

    await emitSeen(api, board, ['orders'], () => requestCount(api, 'v1/stats'), 2);
    expect(await aging()).toBe(1);
    await emitSeen(api, board, ['customers'], aging, 2);
    await emitSeen(api, board, ['invoices'], aging, 3);
  });

  it('refetches on any topic when v1/meta does not say which topics move it', async () => {
    const api = fixtureBackend();
    await api.control({ metaWithout: ['reportTopics'] });
    const board = await liveBoard(api, '<dash-aging-table></dash-aging-table>');
    await emitSeen(api, board, ['products'], () => requestCount(api, 'v1/aging'), 2);
  });
});
