/**
 * `locale`, `calendar` and `week-start` through the HTTP core: every report
 * endpoint and `v1/meta` take `locale`, bad values are a 400 naming the
 * parameter, a locale that changes the answer is its own cache entry, and
 * meta answers in the locale with the fiscal year when there is one.
 */
import { describe, expect, it } from 'vitest';
import { MetaResponse, Problem } from '../../src/contract/index.js';
import { createFakeEngine } from '../../tests/support/fake-engine.js';
import { DefinitionError, parseConfig } from '../engine/config.js';
import { createEngine } from '../engine/index.js';
import type { Logger } from '../logger.js';
import { createDashboardServer } from '../server.js';
import type { Source } from '../sources/source.js';

const quiet: Logger = { info() {}, warn() {}, error() {} };

async function problem(response: Response): Promise<{ status: number; params: string[] }> {
  const body = Problem.parse(await response.json());
  return { status: response.status, params: (body.errors ?? []).map((e) => e.param) };
}

const REPORTS = [
  'v1/meta?',
  'v1/stats?metrics=revenue&',
  'v1/series?metrics=revenue&',
  'v1/breakdown?metric=revenue&by=customer&',
  'v1/segments?',
  'v1/aging?',
  'v1/aging/customers/1/invoices?',
  'v1/low-stock?',
  'v1/activity?',
];

describe('locale, calendar and week-start parameters', () => {
  it('accepts locale on every report endpoint and refuses a malformed one, naming locale', async () => {
    const server = createDashboardServer({ engine: createFakeEngine(), logger: quiet });
    try {
      for (const path of REPORTS) {
        const ok = await server.fetch(new Request(`http://localhost/${path}locale=fa-IR`));
        expect(ok.status, path).toBe(200);
        const bad = await server.fetch(new Request(`http://localhost/${path}locale=not_a_locale!`));
        expect(await problem(bad), path).toEqual({ status: 400, params: ['locale'] });
      }
    } finally {
      await server.close();
    }
  });

  it('refuses an unknown calendar and a week-start outside 1–7, naming each', async () => {
    const server = createDashboardServer({ engine: createFakeEngine(), logger: quiet });
    try {
      const cal = await server.fetch(new Request('http://localhost/v1/stats?metrics=revenue&calendar=hebrew'));
      expect(await problem(cal)).toEqual({ status: 400, params: ['calendar'] });
      const week = await server.fetch(new Request('http://localhost/v1/series?metrics=revenue&week-start=0'));
      expect(await problem(week)).toEqual({ status: 400, params: ['week-start'] });
      const eight = await server.fetch(new Request('http://localhost/v1/stats?metrics=revenue&week-start=8'));
      expect(await problem(eight)).toEqual({ status: 400, params: ['week-start'] });
      // The period-less reports take no calendar.
      const aging = await server.fetch(new Request('http://localhost/v1/aging?calendar=persian'));
      expect(await problem(aging)).toEqual({ status: 400, params: ['calendar'] });
    } finally {
      await server.close();
    }
  });

  it('keeps one cache entry per locale, and one for two spellings of the same locale', async () => {
    const engine = createFakeEngine();
    const server = createDashboardServer({ engine, logger: quiet });
    try {
      const ask = (q: string) => server.fetch(new Request(`http://localhost/v1/stats?metrics=revenue&range=month${q}`));
      await ask('&locale=fa-IR');
      await ask('&locale=FA-ir');
      expect(engine.calls['stats']).toBe(1);
      await ask('&locale=de');
      await ask('&locale=fa-IR&calendar=persian');
      expect(engine.calls['stats']).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('answers v1/meta in the locale, with fiscal presets only where there is a fiscal year', async () => {
    const noSource: Source = {
      kind: 'none',
      query: () => Promise.reject(new Error('no database in this test')),
      exec: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const ctx = { source: noSource, timezone: 'Asia/Tehran', currency: 'IRR', locale: 'en-US', now: () => new Date() };
    const plain = createEngine(ctx);
    const fiscal = createEngine({ ...ctx, fiscalYearStart: { month: 3, day: 21 } });

    const en = plain.meta();
    expect(en.metrics.find((m) => m.id === 'revenue')?.label).toBe('Revenue');
    expect(en.ranges).not.toContain('fiscal-year');
    expect(en).toMatchObject({ locale: 'en-US', weekStart: 1, calendars: ['gregory', 'persian', 'islamic-umalqura'] });
    expect(en.fiscalYearStart).toBeUndefined();

    const fa = fiscal.meta('fa-IR');
    MetaResponse.parse({
      ...fa,
      generatedAt: new Date().toISOString(),
      cache: { hit: false, ageSeconds: 0, stale: false },
    });
    expect(fa).toMatchObject({ locale: 'fa-IR', weekStart: 6, fiscalYearStart: '03-21' });
    expect(fa.ranges).toEqual(expect.arrayContaining(['fiscal-quarter', 'fiscal-year']));
    expect(fa.metrics.map((m) => m.label)).toEqual([
      'درآمد',
      'سفارش‌ها',
      'میانگین ارزش سفارش',
      'مشتریان جدید',
      'نرخ تبدیل',
      'مطالبات',
      'سررسیدگذشته',
      'کالاهای کم‌موجودی',
      'کالاهای ناموجود',
    ]);
    expect(fa.breakdowns[0]?.label).toBe('مشتری');
    expect(fa.dimensions?.[0]?.label).toBe('مشتری');
    // No Latin letter in any Persian label or description.
    const text = [...fa.metrics.flatMap((m) => [m.label, m.description ?? '']), fa.breakdowns[0]?.label].join(' ');
    expect(text).not.toMatch(/[A-Za-z]/);
    for (const locale of ['ar', 'de', 'fr', 'es']) {
      const labels = fiscal.meta(locale).metrics.map((m) => m.label);
      expect(
        labels.filter((l, i) => l === en.metrics[i]?.label),
        locale,
      ).toEqual([]);
    }
  });

  it('takes metric labels translated in config, and a plain string for every locale', () => {
    const metric = {
      kind: 'sql',
      format: 'currency',
      goodDirection: 'down',
      table: 'refunds',
      time: 'at',
      aggregate: 'sum',
      column: 'amount',
    };
    const definition = parseConfig({
      metrics: [
        { ...metric, id: 'refunds', label: { en: 'Refunds', fa: 'بازپرداخت‌ها', 'de-AT': 'Rückzahlungen' } },
        { ...metric, id: 'chargebacks', label: 'Chargebacks' },
      ],
    });
    const noSource: Source = {
      kind: 'none',
      query: () => Promise.reject(new Error('no database in this test')),
      exec: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const engine = createEngine(
      { source: noSource, timezone: 'UTC', currency: 'EUR', locale: 'en', now: () => new Date() },
      definition,
    );
    const label = (locale: string, id: string) => engine.meta(locale).metrics.find((m) => m.id === id)?.label;
    expect(label('fa-IR', 'refunds')).toBe('بازپرداخت‌ها');
    expect(label('de-AT', 'refunds')).toBe('Rückzahlungen');
    expect(label('fr', 'refunds')).toBe('Refunds');
    expect(label('fa', 'chargebacks')).toBe('Chargebacks');
    // The built-in metrics keep their translations beside the configured ones.
    expect(label('fa', 'revenue')).toBe('درآمد');
    expect(() => parseConfig({ metrics: [{ ...metric, id: 'bad', label: { en: '' } }] })).toThrow(DefinitionError);
    expect(() => parseConfig({ metrics: [{ ...metric, id: 'bad', label: {} }] })).toThrow(DefinitionError);
  });
});
