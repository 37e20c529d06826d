/**
 * A SQL data source. PostgreSQL (`pg`) and PGlite implement it and run the
 * same SQL, so everything above this interface is driver-agnostic.
 */
export type SqlParam = string | number | boolean | null | Date | readonly string[] | readonly number[];

export interface Source {
  /** `pg` or `pglite` (or a host's own). */
  readonly kind: string;
  /** Run one parameterised statement (`$1`, `$2`…) and return its rows. */
  query<T extends object = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Run a script of several statements without parameters (DDL, seeding). */
  exec(sql: string): Promise<void>;
  /**
   * Run `work` in one transaction on one connection: committed when it
   * resolves, rolled back when it throws. Optional (a host's own source may
   * not have it); callers then run the same statements without a transaction.
   */
  transaction?<T>(work: (tx: Source) => Promise<T>): Promise<T>;
  /**
   * Run one statement and read its rows `batchSize` at a time, as the caller
   * asks for them (a server-side cursor): a long result costs one execution
   * and a batch of memory, whatever its length. The connection is held until
   * the last batch is read or the iterator is returned early. Optional;
   * callers without it run `query` and split the rows themselves.
   */
  stream?<T extends object = Record<string, unknown>>(
    sql: string,
    params: readonly SqlParam[],
    batchSize: number,
  ): AsyncGenerator<T[], void, undefined>;
  /** Release connections or the embedded database. */
  close(): Promise<void>;
}
