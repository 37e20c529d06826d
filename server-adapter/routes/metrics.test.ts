import { describe, expect, it } from 'vitest';
import { createRequestMetrics } from './metrics.js';

describe('request metrics', () => {
  it('counts a request recorded without a duration but leaves it out of the percentiles', () => {
    const metrics = createRequestMetrics();
    metrics.record('stats', 4, false);
    metrics.record('stats', undefined, false);
    metrics.record('stats', undefined, true);
    metrics.record('stats', 8, false);
    const [stats] = metrics.snapshot();
    expect(stats).toEqual({ endpoint: 'stats', requests: 4, errors: 1, p50Ms: 4, p95Ms: 8 });
  });

  it('reports no percentiles for an endpoint none of whose requests was timed', () => {
    const metrics = createRequestMetrics();
    metrics.record('stats', undefined, false);
    expect(metrics.snapshot()).toEqual([{ endpoint: 'stats', requests: 1, errors: 0, p50Ms: null, p95Ms: null }]);
  });
});
