import { describe, expect, it } from 'vitest';
import activity from '../fixtures/activity.json';
import aging from '../fixtures/aging.json';
import meta from '../fixtures/meta.commerce.json';
import stats from '../fixtures/stats.json';
import { words } from '../../server-adapter/engine/labels.js';
import status from '../fixtures/status.json';
import { answerAsTheAdapter, localizeAnswer, setHostLocale } from './story-localize.js';

describe('localizeAnswer (the stories’ backends in the request locale)', () => {
  it('leaves English, and a request without a locale, as they are', () => {
    expect(localizeAnswer(stats, 'en-US', null)).toBe(stats);
    expect(localizeAnswer(stats, null, null)).toBe(stats);
  });

  it('writes periods in the locale and calendar, as the adapter does', () => {
    const fa = localizeAnswer(stats, 'fa-IR', 'persian');
    // 2025-11-01 … 2025-11-21 is 10 … 30 Aban 1404.
    expect(fa.period.label).toContain('آبان');
    expect(fa.period.label).toContain('۱۴۰۴');
    expect(fa.period.from).toBe(stats.period.from);
    expect(fa.stats).toEqual(stats.stats);
  });

  it('labels metrics from the commerce definition and aging buckets in the locale’s words and digits', () => {
    const ar = localizeAnswer(meta, 'ar-SA', 'islamic-umalqura');
    expect(ar.metrics.find((m) => m.id === 'revenue')!.label).toBe('الإيرادات');
    expect(ar.metrics.find((m) => m.id === 'revenue')!.description).not.toMatch(/[A-Za-z]/);
    expect(words('fa').current).not.toMatch(/[A-Za-z]/);
    expect(ar.ranges).toEqual(meta.ranges);
    const fa = localizeAnswer(aging, 'fa-IR', 'persian');
    // "Current" is the adapter's own word for it (server-adapter/engine/labels.ts).
    expect(fa.buckets.map((b) => b.label)).toEqual([words('fa').current, '۱–۳۰', '۳۱–۶۰', '۶۱–۹۰', '۹۱–۱۲۰', '۱۲۱+']);
    expect(fa.buckets.map((b) => b.id)).toEqual(aging.buckets.map((b) => b.id));
  });

  it('writes the shop’s names in Persian, keeps numbers and enums, and leaves unknown text for the check to see', () => {
    const fa = localizeAnswer(activity, 'fa-IR', 'persian');
    const first = fa.items[0]!;
    expect(first.title).toMatch(/^سفارش #[۰-۹]+$/);
    expect(first.kind).toBe(activity.items[0]!.kind);
    expect(
      JSON.stringify(fa.items.flatMap((i) => [i.title, i.detail, i.status, i.customer?.name].filter(Boolean))),
    ).not.toMatch(/[A-Za-z]/);
    expect(localizeAnswer({ label: 'Something new' }, 'fa-IR', null)).toEqual({ label: 'Something new' });
  });

  it('lists the calendars in v1/meta, so the widgets send their locale, and answers in it', () => {
    const base = 'http://localhost/mock/card';
    const plain = answerAsTheAdapter(meta, new URL(`${base}/v1/meta`)) as {
      calendars?: string[];
      metrics: typeof meta.metrics;
    };
    expect(plain.calendars).toEqual(['gregory', 'persian', 'islamic-umalqura']);
    expect(plain.metrics[0]!.label).toBe('Revenue');
    const fa = answerAsTheAdapter(meta, new URL(`${base}/v1/meta?locale=fa-IR`)) as typeof plain;
    expect(fa.metrics[0]!.label).toBe('درآمد');
    const periods = answerAsTheAdapter(
      stats,
      new URL(`${base}/v1/stats?locale=ar-SA&calendar=islamic-umalqura`),
    ) as typeof stats;
    expect(periods.period.label).not.toMatch(/[A-Za-z]/);
    expect(periods).not.toHaveProperty('calendars');
  });

  it('writes only the host’s own text in the host’s language when the request names no locale', () => {
    setHostLocale('fa-IR');
    try {
      const base = 'http://localhost/mock/status';
      const answer = answerAsTheAdapter(status, new URL(`${base}/v1/status`)) as typeof status;
      expect(answer.pipelines.map((p) => p.label).join(' ')).not.toMatch(/[A-Za-z]/);
      expect(answer.pipelines.map((p) => p.status)).toEqual(status.pipelines.map((p) => p.status));
      // The adapter's words need the request's locale: the metric labels stay as configured.
      const plain = answerAsTheAdapter(meta, new URL(`${base}/v1/meta`)) as typeof meta & { calendars?: string[] };
      expect(plain.metrics[0]!.label).toBe('Revenue');
      // Still the adapter's meta: without its calendars the widgets would send no locale at all.
      expect(plain.calendars).toContain('persian');
    } finally {
      setHostLocale(undefined);
    }
  });
});
