/**
 * `calendar`, `week-start` and `locale` (SPEC §7), on backends whose meta
 * lists `calendars`: "this month" begins on the first day of the calendar's
 * month holding today, weeks on the asked weekday, and a Persian answer's
 * period label holds no Latin letter. The expected dates come from `Intl`'s
 * own calendar data and plain day arithmetic, not from the adapter's engine.
 */
import type { StatsResponse } from '../../../../src/contract/index.js';
import { addDays, dayNumber } from '../dates.js';
import type { Ctx } from './context.js';

/** Day of the month of `date` in `calendar`, as `Intl` counts it. */
function dayOfMonth(date: string, calendar: string): number {
  const f = new Intl.DateTimeFormat('en-US', { calendar, timeZone: 'UTC', day: 'numeric' });
  return Number(f.formatToParts(new Date(`${date}T00:00:00Z`)).find((p) => p.type === 'day')?.value);
}

/** The day on or before `date` falling on ISO weekday `weekday` (1 Monday … 7 Sunday). */
function weekdayOnOrBefore(date: string, weekday: number): string {
  const iso = ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday (4)
  return addDays(date, -((iso - weekday + 7) % 7));
}

export async function calendarChecks(ctx: Ctx): Promise<void> {
  const { runner, meta, today } = ctx;
  const calendars = meta.calendars;
  if (!calendars) {
    runner.skip('v1/stats', 'calendars', 'meta lists no calendars (a contract v1.0 backend)');
    return;
  }
  const metric = ctx.timeMetrics[0]?.id;
  await runner.run('v1/stats', 'calendars', async (t) => {
    if (!metric) t.skip('meta lists no time-series metric');
    let asked = 0;
    for (const calendar of calendars.filter((c) => c !== 'gregory')) {
      const r = await runner.valid<StatsResponse>(t, 'stats', { metrics: metric, range: 'month', calendar });
      const from = addDays(today, 1 - dayOfMonth(today, calendar));
      asked++;
      t.expect(
        r.period.from === from && r.period.to === today,
        () => `range=month&calendar=${calendar}: period ${r.period.from}..${r.period.to}, expected ${from}..${today}`,
      );
    }
    for (const weekStart of [6, 7]) {
      const r = await runner.valid<StatsResponse>(t, 'stats', {
        metrics: metric,
        range: 'week',
        'week-start': String(weekStart),
      });
      const from = weekdayOnOrBefore(today, weekStart);
      asked++;
      t.expect(
        r.period.from === from,
        () => `range=week&week-start=${weekStart}: period from ${r.period.from}, expected ${from}`,
      );
    }
    if (calendars.includes('persian')) {
      const r = await runner.valid<StatsResponse>(t, 'stats', {
        metrics: metric,
        range: 'month',
        calendar: 'persian',
        locale: 'fa-IR',
      });
      asked++;
      t.expect(
        !/[A-Za-z]/.test(r.period.label) && !/[A-Za-z]/.test(r.comparison?.label ?? ''),
        () => `locale=fa-IR&calendar=persian: labels "${r.period.label}", "${r.comparison?.label}" hold Latin letters`,
      );
    }
    t.note(`${asked} calendar and week-start periods resolved as SPEC §7 says`);
  });
}
