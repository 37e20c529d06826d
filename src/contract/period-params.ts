/**
 * The period parameters of the period reports (`range`, `from`, `to`,
 * `compare`, `locale`, `calendar`, `week-start`) and their cross-field rules:
 * a custom range needs both ends, in order, at most MAX_PERIOD_DAYS long.
 */
import * as z from 'zod/mini';
import { CALENDARS, COMPARE_MODES, RANGES } from './common.js';
import { choice, integer, localeFields, RequestDate } from './param-values.js';

/** Longest custom period, in days: ten years bounds the work one request can ask for. */
export const MAX_PERIOD_DAYS = 3660;

/** Calendar parameters of the period reports; spread into a query schema beside the period fields. */
export const calendarFields = {
  /** Calendar that `week` … `year` presets and week/month buckets follow; default `gregory`. */
  calendar: z.optional(choice(CALENDARS)),
  /** ISO weekday weeks begin on (1 Monday … 7 Sunday); default from `locale` when given, else 1. */
  'week-start': z.optional(integer(1, 7)),
};

/** The period fields of `v1/stats`, `v1/series`, `v1/breakdown` and `v1/segments`; check them with periodRules. */
export const periodFields = {
  /** Preset or `custom`; default `30d`. */
  range: z.optional(choice(RANGES)),
  /** First day (inclusive) of a custom range, `YYYY-MM-DD`. */
  from: z.optional(RequestDate),
  /** Last day (inclusive) of a custom range, `YYYY-MM-DD`. */
  to: z.optional(RequestDate),
  /** What the period is compared with; default `previous`. */
  compare: z.optional(choice(COMPARE_MODES)),
  ...localeFields,
  ...calendarFields,
};

/** The period a request asked for, before the server resolves it in its time zone. */
export interface PeriodQuery {
  range?: (typeof RANGES)[number] | undefined;
  locale?: string | undefined;
  calendar?: (typeof CALENDARS)[number] | undefined;
  'week-start'?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: (typeof COMPARE_MODES)[number] | undefined;
}

const DAY_MS = 86_400_000;

/** Cross-field rules of the period parameters, each reported against one parameter. */
export const periodRules = z.superRefine<PeriodQuery>((q, ctx) => {
  const custom = q.range === 'custom' || (q.range === undefined && (q.from !== undefined || q.to !== undefined));
  if (!custom) {
    if (q.from !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `only allowed with range=custom (got range=${q.range})`,
        input: q.from,
      });
    if (q.to !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `only allowed with range=custom (got range=${q.range})`,
        input: q.to,
      });
    return;
  }
  if (q.from === undefined)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'required when range=custom', input: q.from });
  if (q.to === undefined)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'required when range=custom', input: q.to });
  if (q.from === undefined || q.to === undefined) return;
  const span = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
  if (span < 1)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${q.from})`, input: q.to });
  else if (span > MAX_PERIOD_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `a custom range spans at most ${MAX_PERIOD_DAYS} days`,
      input: q.to,
    });
});
