/**
 * A `Source` wrapper that keeps the text of every `query` it runs, for tests
 * that check which SQL an engine sent (raw tables or daily rollups).
 */
import type { Source, SqlParam } from '../../server-adapter/sources/source.js';

/** A `Source` that also lists the SQL of each `query`, oldest first. */
export interface RecordingSource extends Source {
  /** The SQL text of every `query` so far (not `exec`). */
  readonly statements: string[];
}

/**
 * Wraps `source`: `query` is recorded then passed on, `exec` and `transaction`
 * are passed on as they are, and `close` leaves `source` open (its owner closes it).
 *
 * @example
 * const db = recordingSource(source());
 * await createEngine({ source: db, … }).stats.compute(params, scope);
 * expect(db.statements.some((s) => s.includes('rollup_'))).toBe(true);
 */
export function recordingSource(source: Source): RecordingSource {
  const statements: string[] = [];
  return {
    kind: source.kind,
    statements,
    query<T extends object>(sql: string, params?: readonly SqlParam[]) {
      statements.push(sql);
      return source.query<T>(sql, params);
    },
    exec: (sql) => source.exec(sql),
    ...(source.transaction ? { transaction: source.transaction.bind(source) } : {}),
    close: () => Promise.resolve(),
  };
}
