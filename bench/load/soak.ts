/**
 * Soak: requests at a fixed rate (open loop: the schedule does not wait for
 * answers) with random valid and invalid parameters across every endpoint,
 * an invalidation through the webhook every few seconds, and a few SSE
 * clients that must see each one. Counts every status that is not the one
 * the request deserved (target 0), latency percentiles, and the server's
 * memory (after a full GC) from the end of warm-up to the end.
 */
import { get } from 'node:http';
import { TOPICS } from '../../src/contract/index.js';
import { createRng } from '../../server-adapter/demo/random.js';
import { COMMERCE_DEFINITION, isTimeSeries } from '../../server-adapter/engine/metrics.js';
import type { ServerHandle } from './protocol.js';

export interface SoakOptions {
  seconds: number;
  /** Requests per second. */
  rate: number;
  /** Seconds between webhook invalidations. */
  invalidateEvery: number;
  sseClients: number;
  /** Random seed, so a failing run can be replayed. */
  seed: number;
}

export interface SoakResult {
  seconds: number;
  requests: number;
  byStatus: Record<string, number>;
  unexpected: number;
  unexpectedSamples: string[];
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  invalidations: number;
  /** SSE deliveries missing (clients × invalidations − received; target 0). */
  missedEvents: number;
  rssStartMiB: number;
  rssEndMiB: number;
  rssMaxMiB: number;
  heapStartMiB: number;
  heapEndMiB: number;
  serverWarnings: number;
  serverErrors: number;
}

// The adapter's own metrics: the soak asks for every one, and series only for those with values per period.
const METRICS = COMMERCE_DEFINITION.metrics.map((m) => m.id);
const TIMED = COMMERCE_DEFINITION.metrics.filter((m) => isTimeSeries(m, COMMERCE_DEFINITION)).map((m) => m.id);
const RANGES = ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d'];

interface Planned {
  path: string;
  expect: readonly number[];
}

/** One random request and the statuses it deserves. */
function planner(random: () => number, today: Date) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const some = (items: readonly string[]) => {
    const n = int(1, Math.min(4, items.length));
    return [...new Set(Array.from({ length: n }, () => pick(items)))].join(',');
  };
  const day = (offset: number) => new Date(today.getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  const period = () => {
    if (random() < 0.2) {
      const to = int(0, 400);
      return `range=custom&from=${day(to + int(0, 120))}&to=${day(to)}`;
    }
    return `range=${pick(RANGES)}${random() < 0.3 ? `&compare=${pick(['previous', 'year', 'none'])}` : ''}`;
  };
  const ok = [200] as const;
  const valid = (): Planned => {
    const r = random();
    if (r < 0.25) return { path: `v1/stats?metrics=${some(METRICS)}&${period()}`, expect: ok };
    if (r < 0.4)
      return {
        path: `v1/series?metrics=${some(TIMED)}&${period()}${random() < 0.3 ? `&granularity=${pick(['week', 'month'])}` : ''}`,
        expect: ok,
      };
    if (r < 0.5)
      return {
        path: `v1/breakdown?metric=${pick(['revenue', 'orders'])}&by=customer&limit=${int(1, 20)}&${period()}`,
        expect: ok,
      };
    if (r < 0.55) return { path: `v1/segments?${period()}`, expect: ok };
    if (r < 0.7) {
      const search = random() < 0.3 ? `&search=${pick(['a', 'e', 'co', 'x'])}` : '';
      return {
        path: `v1/aging?asOf=${day(int(0, 60))}&basis=${pick(['due', 'invoice'])}&sort=${pick(['name', 'total', 'overdue'])}&order=${pick(['asc', 'desc'])}&limit=${int(1, 100)}&offset=${int(0, 200)}${search}`,
        expect: ok,
      };
    }
    // A customer without open invoices, or beyond the last id, is 404.
    if (r < 0.8) return { path: `v1/aging/customers/${int(1, 4000)}/invoices`, expect: [200, 404] };
    if (r < 0.9) return { path: `v1/low-stock?limit=${int(1, 50)}&offset=${int(0, 20)}`, expect: ok };
    if (r < 0.95) return { path: 'v1/meta', expect: ok };
    if (r < 0.98) return { path: 'v1/health', expect: ok };
    return { path: pick(['v1/export/low-stock.csv', `v1/export/segments.csv?${period()}`]), expect: ok };
  };
  const invalid = (): Planned => {
    const bad = [
      'v1/stats?metrics=revenue&range=fortnight',
      'v1/stats?metrics=bogus&range=7d',
      'v1/stats?range=7d',
      'v1/stats?metrics=revenue&range=7d&range=30d',
      'v1/series?metrics=revenue&granularity=hour',
      `v1/series?metrics=revenue&range=custom&from=${day(1)}&to=${day(10)}`,
      'v1/breakdown?metric=revenue&by=region',
      'v1/aging?asOf=2026-02-30',
      'v1/aging?limit=0',
      'v1/aging?offset=-1',
      'v1/low-stock?limit=5000',
      'v1/segments?foo=1',
      'v1/export/aging.csv?limit=10',
    ];
    return { path: pick(bad), expect: [400] };
  };
  return () => (random() < 0.8 ? valid() : invalid());
}

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

export async function soak(server: ServerHandle, options: SoakOptions): Promise<SoakResult> {
  const random = createRng(options.seed);
  const next = planner(random, new Date());
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  const unexpectedSamples: string[] = [];
  let unexpected = 0;
  let inFlight = 0;

  // SSE clients that must see every invalidation.
  let received = 0;
  const sse = await Promise.all(
    Array.from(
      { length: options.sseClients },
      () =>
        new Promise<ReturnType<typeof get>>((resolve, reject) => {
          const request = get(`${server.url}/v1/events`, { agent: false }, (response) => {
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => {
              for (let i = chunk.indexOf('event: invalidate'); i >= 0; i = chunk.indexOf('event: invalidate', i + 1))
                received++;
            });
            resolve(request);
          });
          request.on('error', (error) => {
            if (!request.destroyed) reject(error);
          });
        }),
    ),
  );

  const fire = async (planned: Planned) => {
    inFlight++;
    const started = performance.now();
    let status: string;
    try {
      const response = await fetch(`${server.url}/${planned.path}`, { signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      status = String(response.status);
      if (!planned.expect.includes(response.status)) {
        unexpected++;
        if (unexpectedSamples.length < 10) unexpectedSamples.push(`${response.status} ${planned.path}`);
      }
    } catch (error) {
      status = (error as Error).name;
      unexpected++;
      if (unexpectedSamples.length < 10) unexpectedSamples.push(`${status} ${planned.path}`);
    }
    latencies.push(performance.now() - started);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    inFlight--;
  };

  let invalidations = 0;
  const invalidate = async () => {
    const topics = TOPICS.filter(() => random() < 0.5);
    if (topics.length === 0) topics.push('orders');
    const response = await fetch(`${server.url}/v1/invalidate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topics }),
    });
    invalidations++;
    byStatus[`webhook ${response.status}`] = (byStatus[`webhook ${response.status}`] ?? 0) + 1;
    if (response.status !== 202) unexpected++;
  };

  const memory: { rss: number; heapUsed: number }[] = [];
  const warmup = Math.min(10, options.seconds / 5);
  const started = performance.now();
  let sent = 0;
  let nextInvalidation = options.invalidateEvery;
  let nextSample = warmup;
  const pending: Promise<unknown>[] = [];
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      if (elapsed >= options.seconds) {
        clearInterval(tick);
        resolve();
        return;
      }
      const due = Math.floor(elapsed * options.rate) - sent;
      for (let i = 0; i < due; i++) {
        sent++;
        // A backlog this deep means the server cannot keep up: count it rather than pile on.
        if (inFlight > 2000) {
          unexpected++;
          byStatus['skipped (backlog)'] = (byStatus['skipped (backlog)'] ?? 0) + 1;
          continue;
        }
        void fire(next());
      }
      if (elapsed >= nextInvalidation) {
        nextInvalidation += options.invalidateEvery;
        pending.push(invalidate());
      }
      if (elapsed >= nextSample) {
        nextSample += Math.max(5, options.seconds / 30);
        pending.push(server.memory().then((m) => memory.push(m)));
      }
    }, 10);
  });
  while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await Promise.all(pending);
  memory.push(await server.memory());
  // The last invalidation's events may still be on the wire.
  for (const deadline = Date.now() + 2000; received < options.sseClients * invalidations && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const last = await server.memory();
  for (const request of sse) request.destroy();

  const sorted = Float64Array.from(latencies).sort();
  const mib = (bytes: number) => bytes / 1024 / 1024;
  const first = memory[0]!;
  const end = memory.at(-1)!;
  return {
    seconds: options.seconds,
    requests: latencies.length,
    byStatus,
    unexpected,
    unexpectedSamples,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? NaN,
    invalidations,
    missedEvents: options.sseClients * invalidations - received,
    rssStartMiB: mib(first.rss),
    rssEndMiB: mib(end.rss),
    rssMaxMiB: mib(Math.max(...memory.map((m) => m.rss))),
    heapStartMiB: mib(first.heapUsed),
    heapEndMiB: mib(end.heapUsed),
    serverWarnings: last.warnings,
    serverErrors: last.errors,
  };
}
