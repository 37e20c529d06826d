/**
 * Two dashboard servers on one seeded PostgreSQL schema, one reading daily
 * rollups (kept in a schema of the test's own) and one reading the raw
 * tables, so a test can compare their answers: the setup the rollup and
 * calendar integration tests share.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { RefreshInfo } from '../../../server-adapter/engine/rollups/index.js';
import { quoteIdent } from '../../../server-adapter/engine/sql.js';
import type { Logger } from '../../../server-adapter/logger.js';
import { createDashboardServer, type DashboardServer } from '../../../server-adapter/server.js';
import type { Source } from '../../../server-adapter/sources/source.js';
import { createSchema, type TestSchema } from './services.js';

/** Seeding hundreds of days of demo data and a first rollup build on a loaded two-core machine. */
const SETUP_TIMEOUT_MS = 120_000;

export interface RollupPairOptions {
  /** Fills the new schema (its commerce tables are there) before the servers start. */
  seed(db: Source): Promise<unknown>;
  /** Both servers' `timezone`. */
  timezone: string;
  /** Both servers' clock. */
  now: Date;
  /** Both servers' logger. */
  logger: Logger;
  /** Tables whose first full rollup build the setup waits for (the server starts it in the background). */
  built: readonly string[];
}

/** The pair; `rollupSchema`, `refreshed` and `refreshedSince` exist at once, the rest inside hooks and tests. */
export interface RollupPair {
  /** The seeded schema's name (`dk_<random>`). */
  readonly schema: string;
  /** A small pool on the seeded schema, for changing data under the servers. */
  readonly db: Source;
  /** Where the rollups server keeps its tables (`dkr_<random>`, dropped afterwards). */
  readonly rollupSchema: string;
  /** The server with daily rollups on. */
  readonly withRollups: DashboardServer;
  /** The server with rollups off. */
  readonly raw: DashboardServer;
  /** Every refresh the rollups server reported, oldest first. */
  readonly refreshed: RefreshInfo[];
  /** Resolves once a full refresh of `table` has completed since `refreshed` had `mark` entries. */
  refreshedSince(mark: number, table: string): Promise<void>;
}

/**
 * Registers, in the calling `describe` block, a `beforeAll` that creates and
 * seeds a schema, starts both servers and waits until they are ready and the
 * `built` tables have a first full rollup build, and an `afterAll` that
 * closes both servers and drops the rollup schema and the seeded one.
 */
export function rollupPair(options: RollupPairOptions): RollupPair {
  const rollupSchema = `dkr_${randomBytes(6).toString('hex')}`;
  const refreshed: RefreshInfo[] = [];
  const waiters: (() => void)[] = [];
  let db: TestSchema | undefined;
  let servers: { withRollups: DashboardServer; raw: DashboardServer } | undefined;
  const schema = (): TestSchema => {
    if (!db) throw new Error('rollupPair: not open (use it inside hooks and tests)');
    return db;
  };
  const started = () => {
    if (!servers) throw new Error('rollupPair: the servers are not started (use them inside hooks and tests)');
    return servers;
  };

  function refreshedSince(mark: number, table: string): Promise<void> {
    return new Promise((resolve) => {
      const check = () =>
        refreshed.slice(mark).some((r) => r.table === table && r.mode === 'full') ? resolve() : waiters.push(check);
      check();
    });
  }

  beforeAll(async () => {
    db = await createSchema();
    await options.seed(db.db);
    const common = {
      source: { databaseUrl: db.url },
      timezone: options.timezone,
      now: () => options.now,
      logger: options.logger,
    };
    const withRollups = createDashboardServer({
      ...common,
      rollups: {
        schema: rollupSchema,
        onRefresh: (info) => {
          refreshed.push(info);
          for (const check of waiters.splice(0)) check();
        },
      },
    });
    const raw = createDashboardServer({ ...common, rollups: false });
    servers = { withRollups, raw };
    await Promise.all([withRollups.ready, raw.ready]);
    // The rollups server started the first build in the background.
    await Promise.all(options.built.map((table) => refreshedSince(0, table)));
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await servers?.withRollups.close();
    await servers?.raw.close();
    await db?.db.exec(`DROP SCHEMA IF EXISTS ${quoteIdent(rollupSchema)} CASCADE`);
    await db?.drop();
  });

  return {
    get schema() {
      return schema().schema;
    },
    get db() {
      return schema().db;
    },
    rollupSchema,
    get withRollups() {
      return started().withRollups;
    },
    get raw() {
      return started().raw;
    },
    refreshed,
    refreshedSince,
  };
}
