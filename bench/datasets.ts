/**
 * Benchmark data sets: the demo generator's commerce data with a given number
 * of orders, seeded once and reused. PostgreSQL keeps them in schemas
 * (`bench_100k`, `bench_1m`, …), PGlite in data directories under
 * `node_modules/.cache/dashkit-bench/`; a marker row says what was seeded, so
 * a changed generator option or an interrupted seed means a reseed.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { seedDemo } from '../server-adapter/demo/seed.js';
import { createPgliteSource } from '../server-adapter/sources/pglite.js';
import type { Source } from '../server-adapter/sources/source.js';
import { pgSchemaDatabase } from '../tests/support/databases.js';

export const TIMEZONE = 'Europe/Berlin';
/** A fixed "today", so a cached data set answers the same questions on every run. */
export const ANCHOR = '2026-06-30';
/** 17:00 in Berlin on the anchor day. */
export const NOW = new Date('2026-06-30T15:00:00Z');
const CACHE_DIR = resolve(import.meta.dirname, '../node_modules/.cache/dashkit-bench');

export interface Dataset {
  source: Source;
  orders: number;
  /** Seeded in this run (with its time), or reused. */
  seededMs?: number;
  close(): Promise<void>;
}

/** `100k`, `1m`, `20k` … */
export function sizeLabel(orders: number): string {
  return orders >= 1_000_000 && orders % 1_000_000 === 0 ? `${orders / 1_000_000}m` : `${Math.round(orders / 1000)}k`;
}

const marker = (orders: number) => JSON.stringify({ v: 1, orders, anchor: ANCHOR, timezone: TIMEZONE });

async function seededMarker(source: Source): Promise<string | undefined> {
  const [row] = await source.query<{ marker: string | null }>(
    `SELECT CASE WHEN to_regclass('bench_marker') IS NULL THEN NULL ELSE 'present' END AS marker`,
  );
  if (!row?.marker) return undefined;
  const [m] = await source.query<{ marker: string }>('SELECT marker FROM bench_marker');
  return m?.marker;
}

async function seed(source: Source, orders: number): Promise<number> {
  const started = performance.now();
  await seedDemo(source, { anchor: ANCHOR, timezone: TIMEZONE, now: NOW, orders, reset: true });
  await source.exec(`DROP TABLE IF EXISTS bench_marker; CREATE TABLE bench_marker (marker text NOT NULL)`);
  await source.query('INSERT INTO bench_marker (marker) VALUES ($1)', [marker(orders)]);
  return Math.round(performance.now() - started);
}

/** The PostgreSQL data set of `orders` orders in schema `bench_<size>`, seeded when missing or different. */
export async function openPostgresDataset(orders: number, log: (line: string) => void): Promise<Dataset> {
  const schema = `bench_${sizeLabel(orders)}`;
  const { source } = await pgSchemaDatabase({ schema, drop: false, ddl: false, poolMax: 10 });
  let seededMs: number | undefined;
  if ((await seededMarker(source)) !== marker(orders)) {
    log(`seeding ${schema} (PostgreSQL, ${orders} orders)…`);
    seededMs = await seed(source, orders);
    log(`  seeded in ${(seededMs / 1000).toFixed(1)} s`);
  }
  return { source, orders, ...(seededMs !== undefined ? { seededMs } : {}), close: () => source.close() };
}

/** The PGlite data set, in a data directory reused across runs (reopening takes about a second). */
export async function openPgliteDataset(orders: number, log: (line: string) => void): Promise<Dataset> {
  const dataDir = resolve(CACHE_DIR, `pglite-${sizeLabel(orders)}`);
  mkdirSync(CACHE_DIR, { recursive: true });
  let source = await createPgliteSource({ dataDir });
  let seededMs: number | undefined;
  if ((await seededMarker(source)) !== marker(orders)) {
    await source.close();
    rmSync(dataDir, { recursive: true, force: true });
    source = await createPgliteSource({ dataDir });
    log(`seeding PGlite (${orders} orders) into ${dataDir}…`);
    seededMs = await seed(source, orders);
    log(`  seeded in ${(seededMs / 1000).toFixed(1)} s`);
  }
  return { source, orders, ...(seededMs !== undefined ? { seededMs } : {}), close: () => source.close() };
}
