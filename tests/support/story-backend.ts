/**
 * Mocked backends for stories (and screenshots): the contract-checked
 * fixtures behind `installFetchMock`, with `v1/stats` computed per request for
 * any metric of tests/fixtures/meta.commerce.json.
 */
import type { MetaResponse } from '../../src/contract/meta.js';
import type { StatsResponse } from '../../src/contract/stats.js';
import commerce from '../fixtures/meta.commerce.json';
import problem from '../fixtures/problem-500.json';
import statsFixture from '../fixtures/stats.json';
import { buildStats } from './fixture-data.js';
import { installFetchMock, json, type FetchMock } from './mock-fetch.js';

export type StatsMode = 'ok' | 'slow' | 'broken' | 'empty' | 'stale' | 'revalidating';

export interface StoryBackendOptions {
  /** Fields over the commerce `v1/meta`, e.g. `{ locale: 'fa-IR', currency: 'IRR' }`. */
  meta?: Partial<MetaResponse>;
  stats?: StatsMode;
  /** Multiplies money values (rials are counted in the tens of thousands per euro). */
  moneyScale?: number;
}

const META = commerce as MetaResponse;

function scaled(stats: StatsResponse, meta: MetaResponse, factor: number): StatsResponse {
  const money = new Set(meta.metrics.filter((m) => m.format === 'currency').map((m) => m.id));
  const scale = (v: string | number | null) => (v === null ? null : (Number(v) * factor).toFixed(0));
  for (const s of stats.stats) {
    if (!money.has(s.metric)) continue;
    s.value = scale(s.value);
    s.previous = scale(s.previous);
    s.trend = s.trend.map((p) => ({ t: p.t, v: scale(p.v) }));
  }
  return stats;
}

/** Installs a mocked backend under `base` (e.g. `/mock/board-ok`). */
export function storyBackend(base: string, options: StoryBackendOptions = {}): FetchMock {
  const meta: MetaResponse = { ...META, ...options.meta };
  const mode = options.stats ?? 'ok';
  let revalidations = 0;
  return installFetchMock(base, {
    'v1/meta': meta,
    'v1/stats': (_request: Request, url: URL) => {
      if (mode === 'slow') return new Promise<Response>(() => {});
      if (mode === 'broken') return json(problem, 500);
      let stats = buildStats(statsFixture as StatsResponse, meta, Object.fromEntries(url.searchParams));
      if (options.moneyScale) stats = scaled(stats, meta, options.moneyScale);
      if (mode === 'empty') {
        // A shop with no orders in the period: undefined averages, no change figures, flat trends.
        for (const s of stats.stats) {
          s.value = s.metric === 'average_order_value' || s.metric === 'conversion_rate' ? null : 0;
          s.previous = 0;
          s.change = null;
          s.trend = s.trend.map((p) => ({ t: p.t, v: 0 }));
        }
      }
      if (mode === 'stale') stats.cache = { hit: true, ageSeconds: 900, stale: true, refreshFailed: true };
      // A normal stale-while-revalidate answer: the card shows it unmarked and asks again, getting it fresh.
      if (mode === 'revalidating' && revalidations++ === 0)
        stats.cache = { hit: true, ageSeconds: 900, stale: true, refreshFailed: false };
      return json(stats);
    },
  });
}
