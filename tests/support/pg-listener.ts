/**
 * A PostgreSQL `LISTEN` connection of a test's own, on the schema a `Source`
 * uses, for checking what the `dashkit_invalidate` triggers send.
 */
import type { Source } from '../../server-adapter/sources/source.js';
import { DATABASE_URL, withSearchPath } from './databases.js';

/** One `LISTEN` connection and what it has received so far. */
export interface PgListener {
  /** The schema of `source` (its `current_schema()`), which the connection also uses. */
  readonly schema: string;
  /** Every notification payload so far, oldest first (`''` for one without a payload). */
  readonly received: string[];
  /**
   * Runs `sql` on the source and resolves with the newest payload once at
   * least one notification has arrived since the call (at once if one
   * arrived while `sql` ran).
   */
  readonly next: (sql: string) => Promise<string>;
  /** Ends the connection. */
  readonly close: () => Promise<void>;
}

/**
 * Connects to `DATABASE_URL` with `search_path` set to the current schema of
 * `source` and runs `LISTEN <channel>`. Close it in a `finally`.
 *
 * @example
 * const listener = await pgListener(source());
 * try {
 *   expect(await listener.next(`DELETE FROM orders`)).toBe('orders');
 * } finally {
 *   await listener.close();
 * }
 */
export async function pgListener(source: Source, channel = 'dashkit_invalidate'): Promise<PgListener> {
  const pg = (await import('pg')).default;
  const schema = (await source.query<{ s: string }>('SELECT current_schema() AS s'))[0]!.s;
  const client = new pg.Client({ connectionString: withSearchPath(DATABASE_URL, schema) });
  await client.connect();
  const received: string[] = [];
  let wake = () => {};
  client.on('notification', (m) => {
    received.push(m.payload ?? '');
    wake();
  });
  try {
    await client.query(`LISTEN ${channel}`);
  } catch (error) {
    await client.end();
    throw error;
  }
  return {
    schema,
    received,
    async next(sql: string) {
      const before = received.length;
      const got = new Promise<void>((resolve) => (wake = resolve));
      await source.exec(sql);
      if (received.length === before) await got;
      return received.at(-1)!;
    },
    close: () => client.end(),
  };
}
