/** PostgreSQL through a `pg` pool: the production source. */
import type { Pool, PoolConfig } from 'pg';
import { loadPg } from '../optional.js';
import type { Source, SqlParam } from './source.js';

/** Pool size: a dashboard issues a handful of concurrent queries per page view. */
export const DEFAULT_POOL_SIZE = 10;
/**
 * How long to wait for a connection: an unreachable host (no reply rather than
 * a refusal) must turn into a quick 503 or a stale answer, not a hung request.
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface PgSourceOptions {
  /** `postgres://…` connection string (`DATABASE_URL`). */
  connectionString?: string;
  /** An existing pool to use instead; the caller keeps ownership. */
  pool?: Pool;
  /** Extra pool settings. */
  poolConfig?: PoolConfig;
}

// OIDs of the types whose text form we keep exact or normalise, so that pg and
// PGlite return identical JavaScript values for the same SQL.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/**
 * Open a PostgreSQL source. `pg` is an optional peer dependency, loaded here
 * only, so browser bundles and PGlite-only hosts never pull it in.
 */
export async function createPgSource(options: PgSourceOptions = {}): Promise<Source> {
  const pg = (await loadPg()).default;
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return (v: string) => Number(v);
      if (oid === NUMERIC || oid === DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const owned = !options.pool;
  const pool: Pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: DEFAULT_CONNECT_TIMEOUT_MS,
      ...options.poolConfig,
      types: types as PoolConfig['types'],
    });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  return {
    kind: 'pg',
    async query<T extends object>(sql: string, params: readonly SqlParam[] = []) {
      const result = await pool.query({ text: sql, values: params as unknown[], types: types as PoolConfig['types'] });
      return result.rows as T[];
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<T>(work: (tx: Source) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // pg-pool listens for errors only on idle clients: a connection dropped while this one is
      // checked out would emit an unhandled 'error' and take the process down. The query in
      // flight rejects on its own, so the event itself only needs catching.
      const onError = () => {};
      client.on('error', onError);
      const tx: Source = {
        kind: 'pg',
        async query<R extends object>(sql: string, params: readonly SqlParam[] = []) {
          const result = await client.query({
            text: sql,
            values: params as unknown[],
            types: types as PoolConfig['types'],
          });
          return result.rows as R[];
        },
        async exec(sql: string) {
          await client.query(sql);
        },
        async close() {},
      };
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        // A connection that could not even roll back is destroyed, not reused.
        client.off('error', onError);
        client.release(broken);
      }
    },
    async *stream<T extends object>(sql: string, params: readonly SqlParam[], batchSize: number) {
      const client = await pool.connect();
      const onError = () => {}; // see `transaction`
      client.on('error', onError);
      let open = false;
      let broken: Error | undefined;
      try {
        // A cursor lives in a transaction; READ ONLY since an export never writes.
        await client.query('BEGIN READ ONLY');
        open = true;
        await client.query({
          text: `DECLARE dk_stream NO SCROLL CURSOR FOR ${sql}`,
          values: params as unknown[],
          types: types as PoolConfig['types'],
        });
        for (;;) {
          const result = await client.query({
            text: `FETCH ${Math.max(1, Math.floor(batchSize))} FROM dk_stream`,
            types: types as PoolConfig['types'],
          });
          if (result.rows.length > 0) yield result.rows as T[];
          if (result.rows.length < batchSize) break;
        }
        await client.query('COMMIT');
        open = false;
      } finally {
        // Ended early (the download was cancelled) or failed: end the transaction, which closes the cursor.
        if (open) await client.query('ROLLBACK').catch((error: Error) => (broken = error));
        client.off('error', onError);
        client.release(broken);
      }
    },
    async close() {
      if (owned) await pool.end();
    },
  };
}
