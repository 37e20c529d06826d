/**
 * Single-flight: 100 concurrent identical cold `v1/stats` requests through
 * the handler, in this process, counting the statements a wrapped Source
 * receives (target 1).
 */
import { seedDemo } from '../server-adapter/demo/seed.js';
import { createDashboardServer } from '../server-adapter/server.js';
import { createPgliteSource } from '../server-adapter/sources/pglite.js';
import type { Source, SqlParam } from '../server-adapter/sources/source.js';
import { STATS_PATH } from './cache-hit-servers.js';
import { ANCHOR, NOW, TIMEZONE } from './datasets.js';

export interface SingleFlightResult {
  requests: number;
  statements: number;
  ok: number;
  hits: number;
}

/** A small seeded PGlite: the numbers do not matter, only how many statements reach it. */
async function demoSource(orders: number): Promise<Source> {
  const source = await createPgliteSource();
  await seedDemo(source, { anchor: ANCHOR, timezone: TIMEZONE, now: NOW, orders, customers: 300 });
  return source;
}

/** 100 concurrent identical cold `v1/stats` requests; how many statements reached the database. */
export async function singleFlightBench(requests = 100): Promise<SingleFlightResult> {
  const inner = await demoSource(2000);
  let statements = 0;
  const counting: Source = {
    kind: inner.kind,
    query<T extends object>(sql: string, params?: readonly SqlParam[]) {
      statements++;
      return inner.query<T>(sql, params);
    },
    exec(sql) {
      statements++;
      return inner.exec(sql);
    },
    close: () => inner.close(),
  };
  const dashboard = createDashboardServer({ source: counting, timezone: TIMEZONE, now: () => NOW });
  await dashboard.ready;
  statements = 0;
  const responses = await Promise.all(
    Array.from({ length: requests }, () => dashboard.fetch(new Request(`http://bench.local${STATS_PATH}`))),
  );
  const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ cache?: { hit: boolean } }>));
  const result = {
    requests,
    statements,
    ok: responses.filter((r) => r.status === 200).length,
    hits: bodies.filter((b) => b.cache?.hit).length,
  };
  await dashboard.close();
  await inner.close();
  return result;
}

export function singleFlightTable(r: SingleFlightResult): string {
  return [
    '| concurrent identical cold `v1/stats` requests | statements sent to the database | 200 responses | served as cache hits |',
    '|---:|---:|---:|---:|',
    `| ${r.requests} | **${r.statements}** | ${r.ok} | ${r.hits} |`,
  ].join('\n');
}
