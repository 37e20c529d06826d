/**
 * Periods in other calendars, with other week starts, in fiscal years, and
 * their labels in other locales. The dates expected are known facts (Nowruz
 * 1404 = 21 March 2025, 1405 = 21 March 2026; Esfand 1403 had 30 days, 1404
 * has 29; Ramadan 1447 = 18 Feb – 19 Mar 2026 in Umm al-Qura, after a
 * Sha‘ban of 29 days), not outputs of the code under test.
 */
import { describe, expect, it } from 'vitest';
import { InvalidQueryError } from './errors.js';
import { bucketLabels } from './labels.js';
import { resolvePeriod, type PeriodSettings } from './period.js';

const at = (iso: string) => new Date(iso);
const EN: PeriodSettings = { locale: 'en-US' };

describe('resolvePeriod in the Solar Hijri calendar', () => {
  it('makes "this month" the current Solar Hijri month, labelled in Persian', () => {
    const r = resolvePeriod(
      { range: 'month', calendar: 'persian', locale: 'fa-IR' },
      at('2026-04-05T12:00:00Z'),
      'Asia/Tehran',
      EN,
    );
    expect(r.period).toEqual({ from: '2026-03-21', to: '2026-04-05', label: 'این ماه (۱ تا ۱۶ فروردین ۱۴۰۵)' });
    // 16 days into Farvardin against the first 16 days of Esfand 1404 (from 20 Feb 2026).
    expect(r.comparison).toMatchObject({ mode: 'previous', from: '2026-02-20', to: '2026-03-07' });
    expect(r.comparison?.label).toMatch(/^دورهٔ قبل \(/);
  });

  it('compares a year back in the same calendar: 1–16 Farvardin 1404', () => {
    const r = resolvePeriod(
      { range: 'month', calendar: 'persian', locale: 'fa-IR', compare: 'year' },
      at('2026-04-05T12:00:00Z'),
      'Asia/Tehran',
      EN,
    );
    expect(r.comparison).toEqual({
      mode: 'year',
      from: '2025-03-21',
      to: '2025-04-05',
      label: 'همین دوره در سال گذشته (۱ تا ۱۶ فروردین ۱۴۰۴)',
    });
  });

  it('clamps the previous month to Esfand: 30 days in 1403, 29 in 1404', () => {
    // 31 Farvardin 1404 = 20 Apr 2025; 31 Farvardin 1405 = 20 Apr 2026.
    const leap = resolvePeriod({ range: 'month', calendar: 'persian' }, at('2025-04-20T12:00:00Z'), 'Asia/Tehran', EN);
    expect(leap.period).toMatchObject({ from: '2025-03-21', to: '2025-04-20' });
    expect(leap.comparison).toMatchObject({ from: '2025-02-19', to: '2025-03-20' });
    const common = resolvePeriod(
      { range: 'month', calendar: 'persian' },
      at('2026-04-20T12:00:00Z'),
      'Asia/Tehran',
      EN,
    );
    expect(common.comparison).toMatchObject({ from: '2026-02-20', to: '2026-03-20' });
  });

  it('resolves quarter and year in the calendar', () => {
    const now = at('2026-07-01T12:00:00Z');
    const q = resolvePeriod({ range: 'quarter', calendar: 'persian' }, now, 'Asia/Tehran', EN);
    expect(q.period).toMatchObject({ from: '2026-06-22', to: '2026-07-01' });
    expect(q.comparison).toMatchObject({ from: '2026-03-21', to: '2026-03-30' });
    const y = resolvePeriod({ range: 'year', calendar: 'persian' }, now, 'Asia/Tehran', EN);
    expect(y.period).toMatchObject({ from: '2026-03-21', to: '2026-07-01' });
    expect(y.comparison).toMatchObject({ from: '2025-03-21', to: '2025-07-01' });
  });

  it('takes "today" in the dashboard zone: 20:30 UTC on 20 March is already Nowruz in Tehran', () => {
    const r = resolvePeriod({ range: 'month', calendar: 'persian' }, at('2026-03-20T20:30:00Z'), 'Asia/Tehran', EN);
    expect(r.period).toMatchObject({ from: '2026-03-21', to: '2026-03-21' });
    const utc = resolvePeriod({ range: 'month', calendar: 'persian' }, at('2026-03-20T20:30:00Z'), 'UTC', EN);
    expect(utc.period).toMatchObject({ from: '2026-02-20', to: '2026-03-20' });
  });
});

describe('resolvePeriod in the Umm al-Qura calendar', () => {
  it('makes Ramadan 1447 a 30-day month compared with a 29-day Sha‘ban', () => {
    const r = resolvePeriod(
      { range: 'month', calendar: 'islamic-umalqura', locale: 'ar-SA' },
      at('2026-03-19T12:00:00Z'),
      'Asia/Riyadh',
      EN,
    );
    expect(r.period).toEqual({ from: '2026-02-18', to: '2026-03-19', label: 'هذا الشهر (١–٣٠ رمضان ١٤٤٧ هـ)' });
    expect(r.comparison).toEqual({
      mode: 'previous',
      from: '2026-01-20',
      to: '2026-02-17',
      label: 'الفترة السابقة (١–٢٩ شعبان ١٤٤٧ هـ)',
    });
    // ar-SA's own default calendar is Umm al-Qura: a Gregorian request still gets Gregorian dates.
    const g = resolvePeriod({ range: 'month', locale: 'ar-SA' }, at('2026-03-19T12:00:00Z'), 'Asia/Riyadh', EN);
    expect(g.period).toMatchObject({ from: '2026-03-01', to: '2026-03-19' });
    expect(g.period.label).toContain('مارس');
  });
});

describe('week-start', () => {
  const wednesday = at('2026-03-25T12:00:00Z');

  it('starts weeks on Saturday for fa, by the locale, and as asked otherwise', () => {
    expect(resolvePeriod({ range: 'week', locale: 'fa-IR' }, wednesday, 'Asia/Tehran', EN).period).toMatchObject({
      from: '2026-03-21',
      to: '2026-03-25',
    });
    expect(resolvePeriod({ range: 'week', 'week-start': 7 }, wednesday, 'UTC', EN).period.from).toBe('2026-03-22');
    expect(resolvePeriod({ range: 'week', locale: 'fa-IR', 'week-start': 1 }, wednesday, 'UTC', EN).period.from).toBe(
      '2026-03-23',
    );
  });

  it('keeps v1 ISO weeks when the request names no locale, whatever the server locale', () => {
    expect(resolvePeriod({ range: 'week' }, wednesday, 'UTC', { locale: 'en-US' }).period.from).toBe('2026-03-23');
  });

  it('compares a week with the week before, same elapsed days', () => {
    const r = resolvePeriod({ range: 'week', 'week-start': 6 }, wednesday, 'UTC', EN);
    expect(r.comparison).toMatchObject({ from: '2026-03-14', to: '2026-03-18' });
  });
});

describe('fiscal presets', () => {
  const april: PeriodSettings = { locale: 'en-US', fiscalYearStart: { month: 4, day: 1 } };
  const july: PeriodSettings = { locale: 'en-US', fiscalYearStart: { month: 7, day: 1 } };

  it('fiscal year from 04-01: previous fiscal year, same fiscal period last year', () => {
    const now = at('2026-05-15T12:00:00Z');
    const fy = resolvePeriod({ range: 'fiscal-year' }, now, 'UTC', april);
    expect(fy.period).toEqual({
      from: '2026-04-01',
      to: '2026-05-15',
      label: 'This fiscal year (1 Apr – 15 May 2026)',
    });
    expect(fy.comparison).toMatchObject({ mode: 'previous', from: '2025-04-01', to: '2025-05-15' });
    const yoy = resolvePeriod({ range: 'fiscal-year', compare: 'year' }, now, 'UTC', april);
    expect(yoy.comparison).toEqual({
      mode: 'year',
      from: '2025-04-01',
      to: '2025-05-15',
      label: 'Same period last year (1 Apr – 15 May 2025)',
    });
    // 31 March is the last day of the fiscal year that began 1 April 2025.
    expect(resolvePeriod({ range: 'fiscal-year' }, at('2026-03-31T12:00:00Z'), 'UTC', april).period).toMatchObject({
      from: '2025-04-01',
      to: '2026-03-31',
    });
  });

  it('fiscal quarter from 04-01: Q1 is April–June, compared with January–March', () => {
    const fq = resolvePeriod({ range: 'fiscal-quarter' }, at('2026-05-15T12:00:00Z'), 'UTC', april);
    expect(fq.period).toMatchObject({
      from: '2026-04-01',
      to: '2026-05-15',
      label: 'This fiscal quarter (1 Apr – 15 May 2026)',
    });
    expect(fq.comparison).toMatchObject({ from: '2026-01-01', to: '2026-02-14' });
  });

  it('fiscal year and quarter from 07-01, with both comparisons', () => {
    const now = at('2026-03-31T12:00:00Z');
    const fy = resolvePeriod({ range: 'fiscal-year' }, now, 'UTC', july);
    expect(fy.period).toMatchObject({ from: '2025-07-01', to: '2026-03-31' });
    expect(fy.comparison).toMatchObject({ from: '2024-07-01', to: '2025-03-31' });
    const fq = resolvePeriod({ range: 'fiscal-quarter' }, now, 'UTC', july);
    expect(fq.period).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    // The previous fiscal quarter (Oct–Dec) is 92 days long; the period's 90 fit inside it.
    expect(fq.comparison).toMatchObject({ from: '2025-10-01', to: '2025-12-29' });
    const yoy = resolvePeriod({ range: 'fiscal-quarter', compare: 'year' }, now, 'UTC', july);
    expect(yoy.comparison).toMatchObject({ from: '2025-01-01', to: '2025-03-31' });
  });

  it('refuses fiscal presets on a server without a fiscal year, naming range', () => {
    const call = () => resolvePeriod({ range: 'fiscal-year' }, at('2026-05-15T12:00:00Z'), 'UTC', EN);
    expect(call).toThrow(InvalidQueryError);
    try {
      call();
    } catch (error) {
      expect((error as InvalidQueryError).errors[0]?.param).toBe('range');
    }
  });
});

describe('labels in the request locale', () => {
  it('writes German, French, Spanish and Arabic words with their plurals and digits', () => {
    const now = at('2026-11-21T12:00:00Z');
    expect(resolvePeriod({ range: 'month', locale: 'de-DE' }, now, 'Europe/Berlin', EN).period.label).toBe(
      'Dieser Monat (1.–21. Nov. 2026)',
    );
    expect(resolvePeriod({ range: 'today', locale: 'fr' }, now, 'UTC', EN).period.label).toBe(
      'Aujourd’hui (21 nov. 2026)',
    );
    expect(resolvePeriod({ range: '30d', locale: 'es' }, now, 'UTC', EN).period.label).toMatch(/^Últimos 30 días \(/);
    expect(resolvePeriod({ range: '7d', locale: 'ar' }, now, 'UTC', EN).period.label).toMatch(/^آخر 7 أيام \(/);
    expect(resolvePeriod({ range: '30d', locale: 'ar' }, now, 'UTC', EN).period.label).toMatch(/^آخر 30 يومًا \(/);
    expect(resolvePeriod({ range: '7d', locale: 'fa' }, now, 'UTC', EN).period.label).toMatch(/^۷ روز گذشته \(/);
  });

  it('keeps v1 English labels by default and uses the server locale when the request names none', () => {
    const now = at('2026-11-21T12:00:00Z');
    expect(resolvePeriod({ range: 'month' }, now, 'UTC', EN).period.label).toBe('This month (1–21 Nov 2026)');
    expect(resolvePeriod({ range: 'month' }, now, 'UTC', { locale: 'de' }).period.label).toBe(
      'Dieser Monat (1.–21. Nov. 2026)',
    );
  });
});

describe('bucket labels', () => {
  it('names days, clipped weeks and months in the locale and calendar', () => {
    const period = { from: '2026-03-25', to: '2026-04-20' };
    expect(bucketLabels(['2026-03-21', '2026-03-22'], 'day', period, 'fa-IR', 'persian')).toEqual([
      '۱ فروردین',
      '۲ فروردین',
    ]);
    expect(bucketLabels(['2026-03-21', '2026-04-21'], 'month', period, 'en', 'persian')).toEqual([
      'Farvardin 1405 AP',
      'Ordibehesht 1405 AP',
    ]);
    // Saturday weeks: the first clipped to the period's first day, the last to its last.
    expect(bucketLabels(['2026-03-21', '2026-03-28', '2026-04-18'], 'week', period, 'en-US', 'gregory')).toEqual([
      '25–27 Mar 2026',
      '28 Mar – 17 Apr 2026',
      '18–20 Apr 2026',
    ]);
  });
});
