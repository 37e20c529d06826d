/**
 * Per-endpoint request counts and latency for `v1/health`. Memory is bounded:
 * one entry per known endpoint name (never per URL) and a fixed ring of
 * recent latencies each.
 */

/** Latency samples kept per endpoint: enough for a stable p95, small enough to sort on every health check. */
export const LATENCY_SAMPLES = 512;

interface EndpointStats {
  requests: number;
  errors: number;
  samples: Float64Array;
  /** Samples written so far (the ring wraps at LATENCY_SAMPLES). */
  written: number;
}

export interface EndpointSnapshot {
  endpoint: string;
  requests: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface RequestMetrics {
  /**
   * Record one answered request; `error` when the server failed (5xx), not
   * when the client erred. `durationMs` undefined: counted, not timed (the
   * cache-hit fast path times one request in `PEEK_TIMED_EVERY`).
   */
  record(endpoint: string, durationMs: number | undefined, error: boolean): void;
  snapshot(): EndpointSnapshot[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round((sorted[rank - 1] ?? 0) * 100) / 100;
}

export function createRequestMetrics(): RequestMetrics {
  const byEndpoint = new Map<string, EndpointStats>();
  return {
    record(endpoint, durationMs, error) {
      let stats = byEndpoint.get(endpoint);
      if (!stats) {
        stats = { requests: 0, errors: 0, samples: new Float64Array(LATENCY_SAMPLES), written: 0 };
        byEndpoint.set(endpoint, stats);
      }
      stats.requests += 1;
      if (error) stats.errors += 1;
      if (durationMs === undefined) return;
      stats.samples[stats.written % LATENCY_SAMPLES] = durationMs;
      stats.written += 1;
    },
    snapshot() {
      return [...byEndpoint.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([endpoint, stats]) => {
          const sorted = stats.samples.slice(0, Math.min(stats.written, LATENCY_SAMPLES)).sort();
          return {
            endpoint,
            requests: stats.requests,
            errors: stats.errors,
            p50Ms: percentile(sorted, 50),
            p95Ms: percentile(sorted, 95),
          };
        });
    },
  };
}
