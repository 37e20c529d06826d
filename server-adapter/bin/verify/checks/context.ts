/** What every group of checks shares: the runner, the backend's meta and what was learned from it. */
import type { MetaResponse, MetricInfo, Point } from '../../../../src/contract/index.js';
import type { Client } from '../client.js';
import { decimalEquals, isDecimal } from '../decimal.js';
import type { Runner } from '../runner.js';

export interface Ctx {
  runner: Runner;
  client: Client;
  meta: MetaResponse;
  /** Today in the backend's time zone, as the backend resolves `range=today`. */
  today: string;
  /** Metrics with a value per period (not point-in-time), at most 20 (one request's worth). */
  timeMetrics: MetricInfo[];
  /** Point-in-time metrics (`timeSeries: false`). */
  pointMetrics: MetricInfo[];
  /** Time metrics `v1/breakdown` accepts, hence additive: value over a period = sum of its buckets. */
  additive: MetricInfo[];
  /** Range presets the backend lists (all of contract v1 when meta says nothing). */
  ranges: readonly string[];
}

/** Two metric values are equal: both null, or equal as exact decimals. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  return isDecimal(a) && isDecimal(b) && decimalEquals(a, b);
}

/** Index of the first point that differs between two series, or -1. */
export function firstDifference(a: readonly Point[], b: readonly Point[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y || x.t !== y.t || !sameValue(x.v, y.v)) return i;
  }
  return -1;
}

/** `|a − b|` within an absolute or relative tolerance, for ratios sent as floats. */
export function near(a: number, b: number, tolerance = 1e-6): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
}

export function q(query: Readonly<Record<string, string | undefined>>): string {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}
