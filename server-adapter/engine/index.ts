/**
 * The engine: metric definitions → SQL → contract bodies. The HTTP layer
 * calls it with parsed parameters and a scope (engine/types.ts).
 *
 * @example
 * const engine = createEngine({ source, timezone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE', now: () => new Date() });
 * const body = await engine.stats({ metrics: ['revenue', 'orders'], range: 'month' }, PUBLIC_SCOPE);
 */
import { type MetaResponse, RANGES, type Topic } from '../../src/contract/index.js';
import { agingInvoices } from './aging-invoices.js';
import { agingReport } from './aging.js';
import { breakdownReport } from './breakdown.js';
import { isValidTimeZone } from './calendar.js';
import { checkDefinition } from './config.js';
import { lowStockReport } from './low-stock.js';
import {
  COMMERCE_DEFINITION,
  type Definition,
  isTimeSeries,
  metricTopics,
  resolveBreakdown,
  resolveMetrics,
} from './metrics.js';
import { DEFAULT_RANGE } from './period.js';
import { DEFAULT_AGING_MAPPING, DEFAULT_LOW_STOCK_MAPPING } from './reports-config.js';
import { createRollups, type DailyRollups, type RollupOptions } from './rollups.js';
import { segmentsReport } from './segments.js';
import { seriesReport } from './series.js';
import { statsReport } from './stats.js';
import type { Body, Engine, EngineContext } from './types.js';

export type { Definition } from './metrics.js';
export type { DailyRollups, RefreshInfo, RollupOptions, RollupStatus } from './rollups.js';

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
  invalidate(topics: readonly Topic[]): Promise<void>;
  close(): Promise<void>;
}

/** Tables behind the aging report and the low-stock report (their cache tags). */
const AGING_TOPICS: Topic[] = ['customers', 'invoices'];
const LOW_STOCK_TOPICS: Topic[] = ['products', 'orders'];

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
  const aging = definition.aging ?? DEFAULT_AGING_MAPPING;
  const lowStock = definition.lowStock ?? DEFAULT_LOW_STOCK_MAPPING;

  const meta: Body<MetaResponse> = {
    version: '1',
    timezone: ctx.timezone,
    currency: ctx.currency,
    locale: ctx.locale,
    metrics: definition.metrics.map((m) => ({
      id: m.id,
      label: m.label,
      format: m.format,
      goodDirection: m.goodDirection,
      ...(m.description ? { description: m.description } : {}),
      timeSeries: isTimeSeries(m, definition),
      topics: metricTopics(m, definition),
    })),
    breakdowns: definition.breakdowns.map((b) => ({ id: b.id, label: b.label })),
    reports: ['aging', 'low-stock'],
    live: false,
    ranges: [...RANGES],
    defaultRange: DEFAULT_RANGE,
  };

  const topicsOf = (ids: readonly string[], param: string): Topic[] =>
    resolveMetrics(definition, ids, param).flatMap((m) => metricTopics(m, definition));

  return {
    meta: () => structuredClone(meta),
    rollups,
    stats: (params, scope) => statsReport(timed, definition, params, scope),
    series: (params, scope) => seriesReport(timed, definition, params, scope),
    breakdown: (params, scope) => breakdownReport(ctx, definition, params, scope),
    segments: (params, scope) => segmentsReport(ctx, definition, params, scope),
    aging: (params, scope) => agingReport(ctx, params, scope, aging),
    agingInvoices: (customerId, params, scope) => agingInvoices(ctx, customerId, params, scope, aging),
    lowStock: (params, scope) => lowStockReport(ctx, params, scope, lowStock),
    topicsFor(endpoint, params) {
      const p = params as { metrics?: readonly string[]; metric?: string; by?: string };
      let topics: Topic[];
      switch (endpoint) {
        case 'stats':
        case 'series':
          topics = topicsOf(p.metrics ?? [], 'metrics');
          break;
        case 'breakdown': {
          const breakdown = resolveBreakdown(definition, p.by ?? '');
          topics = [...topicsOf([p.metric ?? ''], 'metric'), ...(breakdown.topics ?? [])];
          break;
        }
        case 'segments': {
          const seg = definition.segments;
          const breakdown = seg ? definition.breakdowns.find((b) => b.id === seg.by) : undefined;
          topics = seg ? [...topicsOf([seg.metric], 'metric'), ...(breakdown?.topics ?? [])] : [];
          break;
        }
        case 'aging':
        case 'agingInvoices':
          topics = AGING_TOPICS;
          break;
        case 'lowStock':
          topics = LOW_STOCK_TOPICS;
          break;
      }
      return [...new Set(topics)].sort();
    },
    invalidate: async (topics) => rollups?.invalidate(topics),
    close: async () => rollups?.close(),
  };
}
