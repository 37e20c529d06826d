import { describe, expect, it } from 'vitest';
import {
  directionOf,
  formatChange,
  formatDate,
  formatDateRange,
  formatDuration,
  formatMetric,
  formatValue,
  NO_VALUE,
  numberFormat,
} from './format.js';

const ie = { locale: 'en-IE', currency: 'EUR' };

describe('formatValue', () => {
  it('formats money from exact decimal strings in the dashboard currency', () => {
    expect(formatValue('12345.6', 'currency', ie)).toBe('€12,345.60');
    // Beyond double precision: a float round trip would print …992.
    expect(formatValue('90071992547409.93', 'currency', ie)).toBe('€90,071,992,547,409.93');
    expect(formatValue(12345.6, 'currency', { locale: 'de-DE', currency: 'EUR' })).toBe('12.345,60\u00a0€');
    // Persian digits and separators; the rial has no minor unit. (ICU adds a left-to-right mark before the symbol.)
    expect(formatValue('1500000', 'currency', { locale: 'fa-IR', currency: 'IRR' })).toBe('\u200eریال\u00a0۱٬۵۰۰٬۰۰۰');
  });

  it('formats counts, ratios as percents, and seconds as durations', () => {
    expect(formatValue(1234.567, 'number', ie)).toBe('1,234.57');
    expect(formatValue(0.6125, 'percent', ie)).toBe('61.3%');
    expect(formatValue(90, 'duration', { locale: 'en-US', currency: 'USD' })).toBe('1.5 min');
    expect(formatValue(null, 'currency', ie)).toBe(NO_VALUE);
  });
});

describe('formatDuration', () => {
  it('picks the largest unit that keeps the number at least 1', () => {
    expect(formatDuration(42, 'en-US')).toBe('42 sec');
    expect(formatDuration(7200, 'en-US')).toBe('2 hr');
    expect(formatDuration(3 * 86_400, 'en-US')).toBe('3 days');
  });
});

describe('formatChange', () => {
  it('gives the size of a relative change without its sign', () => {
    expect(formatChange(0.042, 'en-IE')).toBe('4.2%');
    expect(formatChange(-0.0857, 'en-IE')).toBe('8.6%');
  });
});

describe('numberFormat', () => {
  it('reuses formatters and falls back from an unknown locale but not from a bad currency', () => {
    expect(numberFormat('en-IE', { style: 'percent' })).toBe(numberFormat('en-IE', { style: 'percent' }));
    expect(numberFormat('not a locale!', {}).format(1)).toBe('1');
    expect(() => numberFormat('en-IE', { style: 'currency', currency: 'EURO' })).toThrow(RangeError);
  });
});

describe('formatMetric, directionOf, formatDate', () => {
  it('formats compact money and counts, leaving percents and durations alone', () => {
    expect(formatMetric('12345.6', 'currency', ie, { compact: true })).toBe('€12.3K');
    expect(formatMetric(1_234_567, 'number', ie, { compact: true })).toBe('1.2M');
    expect(formatMetric(0.6125, 'percent', ie, { compact: true })).toBe('61.3%');
    expect(formatMetric('12345.6', 'currency', ie)).toBe('€12,345.60');
  });

  it('knows right-to-left locales', () => {
    expect(directionOf('fa-IR')).toBe('rtl');
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('he-IL')).toBe('rtl');
    expect(directionOf('en-IE')).toBe('ltr');
    expect(directionOf(undefined)).toBe('ltr');
    expect(directionOf('not a locale!')).toBe('ltr');
  });

  it('formats contract dates as calendar days in the locale calendar, never shifted by a time zone', () => {
    expect(formatDate('2025-11-21', 'en-IE')).toBe('21 Nov 2025');
    expect(formatDate('2025-03-21', 'fa-IR')).toBe('۱ فروردین ۱۴۰۴');
  });

  const spaced = (s: string) => s.replace(/\s/g, ' ');

  it("writes American English dates day first too, as the server's English labels do", () => {
    for (const locale of ['en', 'en-US', 'EN-us']) {
      expect(formatDate('2026-12-07', locale), locale).toBe('7 Dec 2026');
      // (Intl puts thin spaces around the dash.)
      expect(spaced(formatDateRange('2026-11-08', '2026-12-07', locale)), locale).toBe('8 Nov – 7 Dec 2026');
      expect(spaced(formatDateRange('2026-10-09', '2026-11-07', locale, { withYear: false })), locale).toBe(
        '9 Oct – 7 Nov',
      );
    }
    // A calendar extension stays.
    expect(formatDate('2025-03-21', 'en-US-u-ca-persian')).toBe(formatDate('2025-03-21', 'en-001-u-ca-persian'));
    expect(formatDate('2025-03-21', 'en-US-u-ca-persian')).toMatch(/Farvardin/);
    // Other regions and languages keep their own form.
    const weekday: Intl.DateTimeFormatOptions = { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
    expect(formatDate('2025-11-08', 'en-IE', weekday)).toBe(
      new Intl.DateTimeFormat('en-IE', weekday).format(new Date('2025-11-08T00:00Z')),
    );
    expect(spaced(formatDateRange('2026-11-08', '2026-12-07', 'de-DE'))).toBe('8. Nov. – 7. Dez. 2026');
  });
});
