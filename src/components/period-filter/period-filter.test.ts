import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { axeViolations, part, parts, text } from '../../../tests/support/dom.js';
import '../../define/board.js';
import '../../define/period-filter.js';
import '../../define/stat-card.js';
import type { DashPeriodChangeEvent } from '../../events/period-change.js';
import type { DashPeriodFilter } from './period-filter.js';

afterEach(() => {
  document.body.replaceChildren();
});

async function mount(
  attributes: Record<string, string> = {},
  parent: Element = document.body,
): Promise<DashPeriodFilter> {
  const el = document.createElement('dash-period-filter');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  await el.updateComplete;
  return el;
}

/** Records `dash-period-change` events reaching the document. */
function listen() {
  const spy = vi.fn<(e: DashPeriodChangeEvent) => void>();
  document.addEventListener('dash-period-change', spy);
  return {
    spy,
    details: () => spy.mock.calls.map(([e]) => e.detail),
    stop: () => document.removeEventListener('dash-period-change', spy),
  };
}

const radios = (el: DashPeriodFilter) => parts<HTMLButtonElement>(el, 'preset');
const radio = (el: DashPeriodFilter, range: string) =>
  el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-range="${range}"]`)!;
const checked = (el: DashPeriodFilter) =>
  el.shadowRoot!.querySelector('[aria-checked="true"]')?.getAttribute('data-range');
const input = (el: DashPeriodFilter, name: 'from' | 'to') =>
  el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
const focused = (el: DashPeriodFilter) => (el.shadowRoot!.activeElement as HTMLElement | null)?.dataset['range'];

let events: ReturnType<typeof listen>;
afterEach(() => events?.stop());

describe('<dash-period-filter>', () => {
  it('renders every preset, Custom and the compare selector as a radio group; 30d checked by default', async () => {
    const el = await mount();
    const group = part(el, 'presets')!;
    expect(group.getAttribute('role')).toBe('radiogroup');
    expect(group.getAttribute('aria-label')).toBe('Period');
    expect(radios(el).map((r) => r.dataset['range'])).toEqual([
      'today',
      'week',
      'month',
      'quarter',
      'year',
      '7d',
      '30d',
      '90d',
      '365d',
      'custom',
    ]);
    expect(radios(el).map((r) => text(r))).toContain('Last 30 days');
    expect(checked(el)).toBe('30d');
    expect(
      radios(el)
        .filter((r) => r.tabIndex === 0)
        .map((r) => r.dataset['range']),
    ).toEqual(['30d']);
    expect(part<HTMLSelectElement>(el, 'compare')!.value).toBe('previous');
    // The custom form (its own chunk) is not there until asked for.
    expect(part(el, 'custom')).toBeNull();
    expect(await axeViolations(el)).toEqual([]);
  });

  it('offers only the presets named, in their order', async () => {
    const el = await mount({ presets: 'year, month 7d,bogus', 'no-custom': '' });
    expect(radios(el).map((r) => r.dataset['range'])).toEqual(['year', 'month', '7d']);
    // 30d is not offered: the first radio takes the tab stop.
    expect(radio(el, 'year').tabIndex).toBe(0);
  });

  it('fires dash-period-change on click, and not when a script sets the range', async () => {
    const el = await mount();
    events = listen();
    await userEvent.click(radio(el, 'month'));
    expect(events.details()).toEqual([{ range: 'month', compare: 'previous' }]);
    expect(events.spy.mock.calls[0]![0].bubbles && events.spy.mock.calls[0]![0].composed).toBe(true);
    expect(el.range).toBe('month');
    expect(checked(el)).toBe('month');

    el.range = 'quarter';
    el.compare = 'year';
    await el.updateComplete;
    expect(checked(el)).toBe('quarter');
    expect(part<HTMLSelectElement>(el, 'compare')!.value).toBe('year');
    expect(events.spy).toHaveBeenCalledTimes(1);
  });

  it('is keyboard operable: Tab reaches the checked preset, arrows move and choose, Home/End jump', async () => {
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.append(before);
    const el = await mount({ range: 'month' });
    events = listen();
    before.focus();
    await userEvent.tab();
    expect(focused(el)).toBe('month');

    await userEvent.keyboard('{ArrowRight}');
    expect(focused(el)).toBe('quarter');
    await expect.poll(() => checked(el)).toBe('quarter');
    await userEvent.keyboard('{ArrowDown}');
    expect(focused(el)).toBe('year');
    await userEvent.keyboard('{ArrowUp}{ArrowLeft}');
    expect(focused(el)).toBe('month');
    await userEvent.keyboard('{End}');
    expect(focused(el)).toBe('custom');
    await expect.poll(() => part(el, 'custom')?.hidden).toBe(false);
    await userEvent.keyboard('{Home}');
    expect(focused(el)).toBe('today');
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused(el)).toBe('custom');

    expect(events.details().map((d) => d.range)).toEqual(['quarter', 'year', 'quarter', 'month', 'today']);
    // Tab leaves the group: one tab stop for all the radios.
    await userEvent.keyboard('{ArrowRight}');
    await userEvent.tab();
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'compare'));
  });

  it('validates a custom range inline and applies it only when valid', async () => {
    const el = await mount();
    events = listen();
    await userEvent.click(radio(el, 'custom'));
    expect(checked(el)).toBe('custom');
    await expect.poll(() => part(el, 'custom')?.hidden).toBe(false);
    const apply = part<HTMLButtonElement>(el, 'apply')!;
    const message = part(el, 'message')!;
    // Prefilled with the current period (the last 30 days, counted in the browser without a board).
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
    };
    expect([input(el, 'from').value, input(el, 'to').value]).toEqual([day(-29), day(0)]);
    expect(apply.disabled).toBe(false);
    expect(events.spy).not.toHaveBeenCalled();

    await userEvent.fill(input(el, 'from'), '2025-11-10');
    await userEvent.fill(input(el, 'to'), '2025-11-01');
    await expect.poll(() => text(message)).toBe('The first day must be on or before the last day.');
    expect(input(el, 'to').getAttribute('aria-invalid')).toBe('true');
    expect(input(el, 'from').getAttribute('aria-invalid')).toBe('false');
    expect(input(el, 'to').getAttribute('aria-describedby')).toBe(message.id);
    expect(apply.disabled).toBe(true);
    expect(await axeViolations(el)).toEqual([]);

    await userEvent.fill(input(el, 'to'), '2025-11-20');
    await expect.poll(() => apply.disabled).toBe(false);
    expect(text(message)).toBe('');
    expect(input(el, 'to').getAttribute('aria-invalid')).toBe('false');
    await userEvent.click(apply);
    expect(events.details()).toEqual([{ range: 'custom', from: '2025-11-10', to: '2025-11-20', compare: 'previous' }]);
    expect([el.range, el.from, el.to]).toEqual(['custom', '2025-11-10', '2025-11-20']);
  });

  it('says which date is missing once the user leaves the field', async () => {
    const el = await mount();
    await userEvent.click(radio(el, 'custom'));
    await expect.poll(() => part(el, 'custom')).not.toBeNull();
    await userEvent.clear(input(el, 'from'));
    input(el, 'from').focus();
    // (Tab would move between the day, month and year of the same date input.)
    input(el, 'to').focus();
    await expect.poll(() => text(part(el, 'message'))).toBe('Enter the first day of the range.');
    expect(input(el, 'from').getAttribute('aria-invalid')).toBe('true');
  });

  it('fires a compare change with the current range', async () => {
    const el = await mount({ range: 'quarter' });
    events = listen();
    await userEvent.selectOptions(part<HTMLSelectElement>(el, 'compare')!, 'year');
    expect(events.details()).toEqual([{ range: 'quarter', compare: 'year' }]);
  });

  it('shows translated labels', async () => {
    const el = await mount();
    el.labels = { group: 'Zeitraum', presets: { month: 'Dieser Monat' } as never, custom: 'Eigener' };
    await el.updateComplete;
    expect(part(el, 'presets')!.getAttribute('aria-label')).toBe('Zeitraum');
    expect(text(radio(el, 'month'))).toBe('Dieser Monat');
    expect(text(radio(el, 'week'))).toBe('This week');
    expect(text(radio(el, 'custom'))).toBe('Eigener');
  });

  it("inside a board, shows the board's period and the presets its backend accepts", async () => {
    const api = fixtureBackend();
    await api.control({ meta: { ranges: ['month', 'quarter', 'year', 'custom'], defaultRange: 'quarter' } });
    const board = document.createElement('dash-board');
    board.src = api.base;
    document.body.append(board);
    const el = await mount({}, board);
    await expect.poll(() => radios(el).map((r) => r.dataset['range'])).toEqual(['month', 'quarter', 'year', 'custom']);
    expect(checked(el)).toBe('quarter');

    events = listen();
    board.range = 'custom';
    board.from = '2025-01-01';
    board.to = '2025-03-31';
    await expect.poll(() => checked(el)).toBe('custom');
    await expect.poll(() => el.shadowRoot!.querySelector('input')?.value).toBe('2025-01-01');
    expect(input(el, 'to').value).toBe('2025-03-31');
    expect(events.spy).not.toHaveBeenCalled();

    await userEvent.click(radio(el, 'year'));
    expect(board.range).toBe('year');
    expect(board.from).toBeUndefined();
    // The filter itself keeps no period of its own inside a board.
    expect(el.range).toBeUndefined();
    await expect.poll(() => checked(el)).toBe('year');
  });

  it('inside a board, starts a custom range from the period the server resolved for the board', async () => {
    const api = fixtureBackend();
    const board = document.createElement('dash-board');
    board.src = api.base;
    board.range = 'month';
    const card = document.createElement('dash-stat-card');
    card.setAttribute('metric', 'revenue');
    board.append(card);
    document.body.append(board);
    const el = await mount({}, board);
    await expect.poll(async () => (await api.requests('v1/stats')).length).toBeGreaterThan(0);
    const answer = (await (await fetch(`${api.base}/v1/stats?metrics=revenue&range=month`)).json()) as {
      period: { from: string; to: string };
    };
    // The card's answer reached the board: its period is what "Custom" starts from.
    await expect.poll(() => card.shadowRoot?.querySelector('[part~="value"]')).not.toBeNull();
    await userEvent.click(radio(el, 'custom'));
    await expect.poll(() => el.shadowRoot!.querySelector('input')?.value).toBe(answer.period.from);
    expect(input(el, 'to').value).toBe(answer.period.to);
  });

  it('renders right to left for fa-IR, where ArrowLeft moves forward', async () => {
    const el = await mount({ locale: 'fa-IR', range: 'month' });
    expect(getComputedStyle(part(el, 'presets')!).direction).toBe('rtl');
    radio(el, 'month').focus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(focused(el)).toBe('quarter');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('uses the dark palette with theme="dark" and stays accessible', async () => {
    // A dark theme sits on a dark page: the filter is a toolbar and paints no background of its own.
    const page = document.createElement('div');
    page.style.background = '#0d1117';
    document.body.append(page);
    const el = await mount({ theme: 'dark' }, page);
    expect(getComputedStyle(part(el, 'presets')!).backgroundColor).toBe('rgb(38, 44, 54)');
    await userEvent.click(radio(el, 'custom'));
    await expect.poll(() => part(el, 'custom')).not.toBeNull();
    expect(await axeViolations(el)).toEqual([]);
  });

  it('reflects its attributes', async () => {
    const el = await mount();
    el.presets = 'month,year';
    el.compare = 'none';
    await el.updateComplete;
    expect(el.getAttribute('presets')).toBe('month,year');
    expect(el.getAttribute('compare')).toBe('none');
  });
});
