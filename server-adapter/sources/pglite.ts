/** Embedded PostgreSQL (PGlite, WASM): the zero-setup default and the demo. */
import type { PGlite } from '@electric-sql/pglite';
import { loadPglite } from '../optional.js';
import type { Source, SqlParam } from './source.js';

export interface PgliteSourceOptions {
  /** Data directory; in memory when absent. */
  dataDir?: string;
  /** An existing PGlite instance to use; the caller keeps ownership. */
  db?: PGlite;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** Open a PGlite source with the same value parsing as the `pg` source. */
export async function createPgliteSource(options: PgliteSourceOptions = {}): Promise<Source> {
  const owned = !options.db;
  let db = options.db;
  if (!db) {
    const { PGlite } = await loadPglite();
    db = await PGlite.create(options.dataDir, {
      parsers: {
        [INT8]: (v: string) => Number(v),
        [NUMERIC]: (v: string) => v,
        [DATE]: (v: string) => v,
      },
    });
  }
  const instance = db;
  return {
    kind: 'pglite',
    async query<T extends object>(sql: string, params: readonly SqlParam[] = []) {
      const result = await instance.query<T>(sql, params as unknown[]);
      return result.rows;
    },
    async exec(sql: string) {
      await instance.exec(sql);
    },
    async transaction<T>(work: (tx: Source) => Promise<T>): Promise<T> {
      return instance.transaction((t) =>
        work({
          kind: 'pglite',
          async query<R extends object>(sql: string, params: readonly SqlParam[] = []) {
            return (await t.query<R>(sql, params as unknown[])).rows;
          },
          async exec(sql: string) {
            await t.exec(sql);
          },
          async close() {},
        }),
      );
    },
    async close() {
      if (owned) await instance.close();
    },
  };
}
