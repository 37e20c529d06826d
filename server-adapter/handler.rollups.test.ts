/**
 * The server and the engine's daily rollups: invalidation refreshes the
 * rollups before dropping cached answers (else a request in between would
 * cache numbers computed from stale rollups), `full` reaches the engine,
 * closing lets a refresh finish before the database goes, and the default
 * is off on PGlite. The PostgreSQL side (on by default, same answers as raw)
 * is tests/integration/rollups.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Topic } from '../src/contract/index.js';
import { createFakeEngine } from '../tests/support/fake-engine.js';
import { COMMERCE_SCHEMA_SQL } from './demo/schema.js';
import type { RefreshInfo } from './engine/rollups/index.js';
import { createDashboardServer } from './server.js';
import type { Logger } from './logger.js';
import { createPgliteSource } from './sources/pglite.js';

const STATS = 'http://localhost/v1/stats?metrics=revenue&range=7d';
const quiet: Logger = { info() {}, warn() {}, error() {} };

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function cacheOf(response: Response): Promise<{ hit: boolean }> {
  return ((await response.json()) as { cache: { hit: boolean } }).cache;
}

describe('createDashboardServer with an engine that keeps rollups', () => {
  it('refreshes the engine before it drops cached answers', async () => {
    const engine = createFakeEngine();
    const calls: (readonly Topic[])[] = [];
    const entered = deferred();
    let release = deferred();
    engine.invalidate = async (topics) => {
      calls.push(topics);
      entered.resolve();
      await release.promise;
    };
    const server = createDashboardServer({ engine, logger: quiet });
    try {
      await cacheOf(await server.fetch(new Request(STATS)));
      expect(engine.calls['stats']).toBe(1);

      const invalidated = server.invalidate(['orders']);
      await entered.promise;
      // The engine is still refreshing: the cached answer stands, nothing is recomputed from old rollups.
      expect(await cacheOf(await server.fetch(new Request(STATS)))).toMatchObject({ hit: true });
      expect(engine.calls['stats']).toBe(1);

      release.resolve();
      expect(await invalidated).toBe(1);
      expect(await cacheOf(await server.fetch(new Request(STATS)))).toMatchObject({ hit: false });
      expect(engine.calls['stats']).toBe(2);
      expect(calls).toEqual([['orders']]);

      // An unknown topic is refused before anything is invalidated.
      release = deferred();
      release.resolve();
      await expect(server.invalidate(['nope' as Topic])).rejects.toThrow(TypeError);
      expect(calls).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('keeps serving and logs when the engine fails to refresh', async () => {
    const engine = createFakeEngine();
    engine.invalidate = () => Promise.reject(new Error('rollup table locked'));
    const errors: string[] = [];
    const server = createDashboardServer({ engine, logger: { ...quiet, error: (message) => errors.push(message) } });
    try {
      await server.fetch(new Request(STATS));
      expect(await server.invalidate(['orders'])).toBe(1);
      expect(errors).toEqual(['engine invalidation failed']);
    } finally {
      await server.close();
    }
  });
});

describe('createDashboardServer rollups on PGlite', () => {
  it('are off by default: no rollup schema is created', async () => {
    const source = await createPgliteSource();
    await source.exec(COMMERCE_SCHEMA_SQL);
    try {
      const server = createDashboardServer({ source, logger: quiet });
      await server.fetch(new Request(STATS));
      // With rollups on, this would wait for their first build (see the next test).
      await server.invalidate(['orders', 'customers']);
      await server.close();
      const [row] = await source.query<{ ok: boolean }>(`SELECT to_regnamespace('dashkit') IS NOT NULL AS ok`);
      expect(row?.ok).toBe(false);
    } finally {
      await source.close();
    }
  }, 30_000);

  it('are built in the background when asked for, and close lets the build finish before the database closes', async () => {
    const refreshed: RefreshInfo[] = [];
    const warnings: string[] = [];
    const server = createDashboardServer({
      rollups: { enabled: true, schema: 'dk_rollups', onRefresh: (info) => refreshed.push(info) },
      logger: { ...quiet, warn: (message) => warnings.push(message) },
    });
    await server.ready;
    // At once: the first build has just started on the embedded database this server owns.
    await server.close();
    expect(warnings).toEqual([]);
    expect(refreshed.map((r) => r.mode)).toContain('full');
    expect(refreshed.every((r) => r.rollup.startsWith('dk_rollups.'))).toBe(true);
  }, 30_000);
});
