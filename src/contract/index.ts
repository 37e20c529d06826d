/**
 * Contract v1: the JSON every dashkit backend serves and every widget reads.
 * Import from `dashkitjs/contract`.
 */
import * as z from 'zod/mini';
import { Problem } from './common.js';
import { ActivityResponse } from './activity.js';
import { ActivityParams } from './activity-params.js';
import { AgingResponse } from './aging.js';
import { AgingInvoicesResponse } from './aging-invoices.js';
import { BreakdownResponse } from './breakdown.js';
import { InvalidateEvent } from './events.js';
import { HealthResponse } from './health.js';
import { InvalidateRequest, InvalidateResponse } from './invalidate.js';
import { LowStockResponse } from './low-stock.js';
import { MetaResponse } from './meta.js';
import {
  AgingInvoicesParams,
  AgingParams,
  BreakdownParams,
  LowStockParams,
  LocaleParams,
  MetaParams,
  SegmentsParams,
  SeriesParams,
  StatsParams,
} from './params.js';
import { SegmentsResponse } from './segments.js';
import { SeriesResponse } from './series.js';
import { StatsResponse } from './stats.js';
import { PipelineRunRequest } from './pipeline-run.js';
import { Pipeline, StatusResponse } from './status.js';
import { Board, BoardsResponse } from './board.js';

export * from './common.js';
export * from './params.js';
export * from './meta.js';
export * from './stats.js';
export * from './series.js';
export * from './breakdown.js';
export * from './segments.js';
export * from './aging.js';
export * from './aging-invoices.js';
export * from './low-stock.js';
export * from './health.js';
export * from './invalidate.js';
export * from './events.js';
export * from './activity.js';
export * from './activity-params.js';
export * from './status.js';
export * from './pipeline-run.js';
export * from './board.js';

/** One GET endpoint of the contract: its path under `{base}/`, query schema and response schema. */
export interface EndpointDef {
  /** Path template under the base URL, e.g. `v1/aging/customers/{id}/invoices`. */
  path: string;
  summary: string;
  params: z.ZodMiniType;
  response: z.ZodMiniType;
  /** Cache topics the response depends on. */
  topics: readonly string[];
}

/** Every JSON GET endpoint, keyed by a short name. */
export const ENDPOINTS = {
  meta: {
    path: 'v1/meta',
    summary: 'Contract version, locale, metrics and reports',
    params: MetaParams,
    response: MetaResponse,
    topics: [],
  },
  stats: {
    path: 'v1/stats',
    summary: 'Headline values with comparison and trend',
    params: StatsParams,
    response: StatsResponse,
    topics: ['customers', 'orders', 'invoices', 'products'],
  },
  series: {
    path: 'v1/series',
    summary: 'Gap-filled time series',
    params: SeriesParams,
    response: SeriesResponse,
    topics: ['customers', 'orders'],
  },
  breakdown: {
    path: 'v1/breakdown',
    summary: 'Top-N contributors plus other',
    params: BreakdownParams,
    response: BreakdownResponse,
    topics: ['customers', 'orders'],
  },
  segments: {
    path: 'v1/segments',
    summary: 'Customer value segments',
    params: SegmentsParams,
    response: SegmentsResponse,
    topics: ['customers', 'orders'],
  },
  aging: {
    path: 'v1/aging',
    summary: 'Accounts-receivable aging',
    params: AgingParams,
    response: AgingResponse,
    topics: ['customers', 'invoices'],
  },
  agingInvoices: {
    path: 'v1/aging/customers/{id}/invoices',
    summary: "One customer's open invoices",
    params: AgingInvoicesParams,
    response: AgingInvoicesResponse,
    topics: ['customers', 'invoices'],
  },
  lowStock: {
    path: 'v1/low-stock',
    summary: 'Products at or below reorder level',
    params: LowStockParams,
    response: LowStockResponse,
    topics: ['products', 'orders'],
  },
  activity: {
    path: 'v1/activity',
    summary: 'What just happened, newest first, with a keyset cursor',
    params: ActivityParams,
    response: ActivityResponse,
    topics: ['customers', 'orders'],
  },
  status: {
    path: 'v1/status',
    summary: 'Live state, the last change heard and data pipelines',
    params: LocaleParams,
    response: StatusResponse,
    topics: [],
  },
  health: {
    path: 'v1/health',
    summary: 'Source and cache status, latency',
    params: LocaleParams,
    response: HealthResponse,
    topics: [],
  },
} as const satisfies Record<string, EndpointDef>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Reports exportable as CSV at `v1/export/{report}.csv`. */
export const EXPORT_REPORTS = ['aging', 'low-stock', 'breakdown', 'series', 'segments'] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

/** Non-GET and streaming parts of the contract. */
export const OTHER_SCHEMAS = {
  Problem,
  InvalidateRequest,
  InvalidateResponse,
  InvalidateEvent,
  PipelineRunRequest,
  Pipeline,
  Board,
  BoardsResponse,
} as const;
