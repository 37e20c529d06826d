/**
 * The engine: metric definitions → SQL → contract bodies. The HTTP layer
 * calls it with parsed parameters and a scope (engine/types.ts).
 *
 * @example
 * const engine = createEngine({ source, timezone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE', now: () => new Date() });
 * const body = await engine.stats.compute({ metrics: ['revenue', 'orders'], range: 'month' }, PUBLIC_SCOPE);
 */
import { CALENDARS, type FilterParam, type MetaResponse, RANGES, type Topic } from '../../src/contract/index.js';
import { formatMonthDay, localeWeekStart } from './calendars.js';
import { localize } from './labels.js';
import type { Scope } from '../auth/scope.js';
import { ACTIVITY_REPORT, activityMapping } from './activity.js';
import { AGING_INVOICES_REPORT } from './aging-invoices.js';
import { AGING_REPORT } from './aging.js';
import { BREAKDOWN_REPORT } from './breakdown.js';
import { isValidTimeZone } from './calendar.js';
import { checkReportAccess } from './access.js';
import { checkDefinition, DefinitionError } from './config.js';
import { dimensionReports, filterValueError, metricDimensions } from './dimensions.js';
import { LOW_STOCK_REPORT } from './low-stock.js';
import { COMMERCE_DEFINITION, type Definition, isTimeSeries, metricTopics } from './metrics.js';
import type { ChangedTimes } from '../live/types.js';
import { DEFAULT_RANGE } from './period.js';
import { createRollups, type DailyRollups, type RollupOptions } from './rollups/index.js';
import { SEGMENTS_REPORT } from './segments.js';
import { SERIES_REPORT } from './series.js';
import { STATS_REPORT } from './stats.js';
import type { Body, Engine, EngineContext, EngineReport, ReportModule } from './types.js';

export type { Definition } from './metrics.js';
export type { DailyRollups, RefreshInfo, RollupOptions, RollupStatus } from './rollups/index.js';

/**
 * Each report by its public name — the endpoint's, as `reports` access rules
 * name it; a drill-down shares its report's name (`aging`). A new report
 * module adds its line here, and config can then restrict it.
 */
const REPORT_MODULES: Readonly<Record<string, Pick<ReportModule<never, unknown>, 'rowFilters'>>> = {
  stats: STATS_REPORT,
  series: SERIES_REPORT,
  breakdown: BREAKDOWN_REPORT,
  segments: SEGMENTS_REPORT,
  aging: AGING_REPORT,
  'low-stock': LOW_STOCK_REPORT,
  activity: ACTIVITY_REPORT,
};

/** Access rules naming a report that does not exist are a typo that would leave it open: refuse them at startup. */
function checkReportNames(definition: Definition): void {
  const unknown = Object.keys(definition.reports ?? {}).filter((name) => !Object.hasOwn(REPORT_MODULES, name));
  if (unknown.length === 0) return;
  const known = Object.keys(REPORT_MODULES).join(', ');
  throw new DefinitionError(
    unknown.map((name) => ({ path: `reports.${name}`, message: `unknown report; known: ${known}` })),
  );
}

export interface EngineOptions {
  /**
   * Daily rollups for `stats` and `series` (rollups.ts). Absent: off. `{}`
   * applies the defaults: on for PostgreSQL (creating schema `dashkit`), off
   * for PGlite; `{ enabled: false }` turns them off.
   */
  rollups?: RollupOptions;
}

/** The SQL engine: the Engine the HTTP layer calls, plus its rollups. */
export interface SqlEngine extends Engine {
  /** Undefined when rollups are off (or no metric can use them). */
  readonly rollups: DailyRollups | undefined;
  invalidate(topics: readonly Topic[], times?: ChangedTimes): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds an engine over `ctx.source` for a definition (the built-in commerce
 * one by default). Throws DefinitionError for an unusable definition and
 * RangeError for an unknown time zone, at startup rather than per request.
 */
export function createEngine(
  ctx: EngineContext,
  definition: Definition = COMMERCE_DEFINITION,
  options: EngineOptions = {},
): SqlEngine {
  if (!isValidTimeZone(ctx.timezone)) throw new RangeError(`unknown time zone "${ctx.timezone}"`);
  checkDefinition(definition);
  const rollups = options.rollups ? createRollups(ctx, definition, options.rollups) : undefined;
  // Only stats and series read through the rollups; every other report reads the raw tables.
  const timed: EngineContext = rollups ? { ...ctx, rollups: rollups.router } : ctx;
  const bind = <P, B, R = unknown>(module: ReportModule<P, B, R>): EngineReport<P, B, R> => {
    const { rows } = module;
    // A filter value its column cannot hold ("abc" for an integer id) is the caller's mistake: a 400 naming `filter`.
    const named = (params: P) => (error: unknown) => {
      throw filterValueError(error, (params as { filter?: FilterParam[] }).filter) ?? error;
    };
    return {
      topics: (params) => module.topics(definition, params),
      compute: (params: P, scope: Scope) => module.compute(timed, definition, params, scope).catch(named(params)),
      ...(rows ? { rows: (params: P, scope: Scope) => rows(timed, definition, params, scope) } : {}),
    };
  };
  checkReportNames(definition);

  const dimensions = definition.dimensions ?? [];
  const feed = activityMapping(definition) !== undefined;
  const fiscal = ctx.fiscalYearStart;
  // Fiscal presets are only offered where there is a fiscal year to cut them from.
  const ranges = RANGES.filter((r) => fiscal || (r !== 'fiscal-quarter' && r !== 'fiscal-year'));
  const meta = (requested: string | undefined, locale = requested ?? ctx.locale): Body<MetaResponse> => ({
    version: '1',
    timezone: ctx.timezone,
    currency: ctx.currency,
    locale,
    metrics: definition.metrics.map((m) => ({
      id: m.id,
      label: localize(m.label, locale),
      format: m.format,
      goodDirection: m.goodDirection,
      ...(m.description ? { description: localize(m.description, locale) } : {}),
      timeSeries: isTimeSeries(m, definition),
      topics: metricTopics(m, definition),
      ...(dimensions.length ? { dimensions: metricDimensions(m, definition) } : {}),
    })),
    // A breakdown's keys filter by the dimension of the same id, when there is one (customer → customer).
    breakdowns: definition.breakdowns.map((b) => ({
      id: b.id,
      label: localize(b.label, locale),
      topics: [...(b.topics ?? [])],
      ...(dimensions.some((d) => d.id === b.id) ? { dimension: b.id } : {}),
    })),
    dimensions: dimensions.map((d) => ({
      id: d.id,
      label: localize(d.label, locale),
      reports: dimensionReports(definition, d),
    })),
    reports: ['aging', 'low-stock', ...(feed ? (['activity'] as const) : [])],
    // Topics are published per report, as per metric, so widgets refetch exactly what an invalidation moves.
    reportTopics: {
      aging: AGING_REPORT.topics(definition, {}),
      'low-stock': LOW_STOCK_REPORT.topics(definition, {}),
      ...(definition.segments ? { segments: SEGMENTS_REPORT.topics(definition, {}) } : {}),
      ...(feed ? { activity: ACTIVITY_REPORT.topics(definition, {}) } : {}),
    },
    live: false,
    ranges: [...ranges],
    defaultRange: DEFAULT_RANGE,
    calendars: [...CALENDARS],
    // The week start a request in this locale gets without `week-start` (period.ts `calendarRules`).
    weekStart: requested === undefined ? 1 : localeWeekStart(requested),
    ...(fiscal ? { fiscalYearStart: formatMonthDay(fiscal) } : {}),
  });

  return {
    meta: (locale?: string) => meta(locale),
    rollups,
    stats: bind(STATS_REPORT),
    series: bind(SERIES_REPORT),
    breakdown: bind(BREAKDOWN_REPORT),
    segments: bind(SEGMENTS_REPORT),
    aging: bind(AGING_REPORT),
    agingInvoices: bind(AGING_INVOICES_REPORT),
    lowStock: bind(LOW_STOCK_REPORT),
    activity: bind(ACTIVITY_REPORT),
    checkAccess: (name, scope) => checkReportAccess(definition.reports, name, REPORT_MODULES[name]?.rowFilters, scope),
    invalidate: async (topics, times) => rollups?.invalidate(topics, times),
    close: async () => rollups?.close(),
  };
}
