/**
 * The setup most integration tests share, as one fixture: a schema seeded
 * with `TINY`, optionally a private `redis-server`, and dashboard servers on
 * node:http started on that schema — all opened before a `describe` block's
 * tests and released after them, in a fixed order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DashboardServerOptions } from '../../../server-adapter/options.js';
import type { Source } from '../../../server-adapter/sources/source.js';
import {
  createSchema,
  type Instance,
  type PrivateRedis,
  privateRedis,
  seedTiny,
  startInstance,
  type TestSchema,
} from './services.js';

/** Creating and seeding a schema (and starting `redis-server`) on a loaded two-core machine. */
const SETUP_TIMEOUT_MS = 60_000;

export interface TinyBackendOptions {
  /**
   * A private `redis-server` (see `privateRedis`) beside the schema.
   * `start: false` leaves it stopped for the tests to start; `persist: true`
   * gives it a temporary snapshot directory (removed afterwards), so a `SAVE`
   * survives a kill and restart.
   */
  redis?: { start?: boolean; persist?: boolean };
}

/** What the fixture holds; every member is valid inside hooks and tests of the block. */
export interface TinyBackend {
  /** The schema's name (`dk_<random>`). */
  readonly schema: string;
  /** Connection string whose connections use the schema. */
  readonly url: string;
  /** A small pool on the schema, for changing data under the servers. */
  readonly db: Source;
  /** `<schema>_rollups`: where a server started with rollups on should keep them (dropped afterwards). */
  readonly rollupSchema: string;
  /** The private Redis; throws unless the fixture was asked for one. */
  readonly redis: PrivateRedis;
  /**
   * Starts a dashboard server on node:http; `source` defaults to the schema.
   * Every server started so is closed after the block's tests.
   */
  start(options?: Partial<DashboardServerOptions>): Promise<Instance>;
}

/**
 * Registers, in the calling `describe` block, a `beforeAll` that creates a
 * `dk_<random>` schema seeded with `TINY` (and starts the private Redis if
 * asked), and an `afterAll` that resumes a paused Redis, closes every server
 * from `start()`, kills the Redis, drops `<schema>_rollups` and the schema,
 * and removes the snapshot directory. A block's own `afterAll` runs before
 * this one (Vitest runs after-hooks in reverse), so it may still use them.
 *
 * @example
 * describe.skipIf(!PG_ENABLED)('a server on TINY', () => {
 *   const tiny = tinyBackend();
 *   let app: Instance;
 *   beforeAll(async () => {
 *     app = await tiny.start({ rollups: false });
 *   });
 *   it('sums revenue', async () => { … await insertOrder(tiny.db, 1, '9.50') … });
 * });
 */
export function tinyBackend(options: TinyBackendOptions = {}): TinyBackend {
  let opened: TestSchema | undefined;
  let redis: PrivateRedis | undefined;
  let dir: string | undefined;
  const instances: Instance[] = [];
  const schema = (): TestSchema => {
    if (!opened) throw new Error('tinyBackend: the schema is not open (use it inside hooks and tests)');
    return opened;
  };

  beforeAll(async () => {
    opened = await createSchema();
    await seedTiny(opened.db);
    if (options.redis) {
      if (options.redis.persist) dir = mkdtempSync(join(tmpdir(), 'dashkit-redis-'));
      redis = await privateRedis(dir ? { dir } : {});
      if (options.redis.start ?? true) await redis.start();
    }
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    redis?.resume();
    await Promise.allSettled(instances.map((instance) => instance.close()));
    await redis?.kill();
    await opened?.db.exec(`DROP SCHEMA IF EXISTS "${opened.schema}_rollups" CASCADE`);
    await opened?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get schema() {
      return schema().schema;
    },
    get url() {
      return schema().url;
    },
    get db() {
      return schema().db;
    },
    get rollupSchema() {
      return `${schema().schema}_rollups`;
    },
    get redis() {
      if (!redis) throw new Error('tinyBackend: no private Redis (pass { redis: {} })');
      return redis;
    },
    async start(serverOptions = {}) {
      const instance = await startInstance({ source: { databaseUrl: schema().url }, ...serverOptions });
      instances.push(instance);
      return instance;
    },
  };
}
