/**
 * Daily rollups (pre-aggregation, as Cube does it): per table and time column
 * read by `sum`, `count` and `avg` metrics, a table of DAILY partial
 * aggregates in the dashboard time zone, so `stats` and `series` over a year
 * read a few hundred rows instead of every order.
 *
 * - Layout: `<schema>.r_<table>_<time>_<hash>(dk_day date PRIMARY KEY, p0, p1, …)`,
 *   one column per partial (`sum(amount) FILTER (WHERE …)`, `count(*) FILTER
 *   (…)`), one row per local day. The hash covers the resolved source table,
 *   the time column, the time zone and the partials, so another zone or
 *   another definition gets its own table. `<schema>.rollup_meta` holds each
 *   table's watermark W and when it was last fully checked.
 * - A rollup day D holds the rows whose time is in [start(D), start(D + 1)),
 *   start(D) = the first instant of local date D (`dayStartSql`), so a 23- or
 *   25-hour day is one row, and a week or month is the sum of its days' rows.
 * - Reads are hybrid: days < W from the rollup, rows from start(W) on from the
 *   raw table, in the same statement. W trails today by `rawDays` (default:
 *   today and yesterday are always raw) and never moves back, so new orders
 *   are exact without any refresh.
 * - Refresh, always one upsert statement per table under an advisory lock:
 *   the first use in a process recomputes every day (build or full check);
 *   a query arriving after midnight moves W in the background (recomputing
 *   the `recentDays` days before it); every `fullCheckSeconds` a full
 *   recomputation repairs edits nobody announced.
 * - Invalidation never serves a stale number: `invalidate(topics)` marks the
 *   rollups over those tables DIRTY at once, so from that moment their
 *   metrics are read from the raw table, and recomputes them fully in the
 *   background (one refresh per table at a time; invalidations arriving
 *   meanwhile coalesce into exactly one more). Only a full refresh that
 *   started after the last invalidation (a generation counter tells) clears
 *   the flag. Honest limit: a change nobody announced (no `invalidate`) to a
 *   day before W is served stale until the next full check.
 * - Not rolled up (read raw): `count_distinct`, `min`/`max`, sums over
 *   float columns (their sum depends on the order of addition), anything
 *   using `{today}`, and requests whose scope filters the table (e.g.
 *   `customer_id`): a global daily row cannot answer for one customer, and a
 *   (day, customer) table would be nearly as large as the orders themselves,
 *   while one customer's orders are a cheap index scan.
 */
import { createHash } from 'node:crypto';
import type { Topic } from '../../src/contract/index.js';
import type { Source } from '../sources/source.js';
import { addDays, todayIn } from './calendar.js';
import { aggregateSql, type Part, type RollupRouter, scopeColumns, SqlContext } from './compile.js';
import { type AggregateSpec, type Definition, findMetric, metricTopics } from './metrics.js';
import {
  EXACT_TYPES,
  firstDaySql,
  groupKey,
  metaTableSql,
  partialKey,
  partialsOf,
  refreshSql,
  type RollupShape,
  servingCte,
  type TimeSpec,
} from './rollup-sql.js';
import { Params, qualified, quoteIdent } from './sql.js';
import type { EngineContext } from './types.js';

/** Schema the rollup tables live in, apart from the host's own tables. */
export const DEFAULT_ROLLUP_SCHEMA = 'dashkit';
/** An hour bounds how long a change nobody announced (no invalidation) to an old row can stay unseen; a full recompute of two years of a million orders takes about a second. */
export const DEFAULT_FULL_CHECK_SECONDS = 3600;
/** Days before the watermark recomputed when it moves (after midnight, `refresh()`): late writes of the last days. */
export const DEFAULT_RECENT_DAYS = 3;
/** Most recent days always read raw (today and yesterday): the days orders still arrive for. */
export const DEFAULT_RAW_DAYS = 2;
/** After a failed start (tables not creatable, database down), how long before a query tries again. */
export const RETRY_AFTER_MS = 60_000;

export interface RollupOptions {
  /** Serve `stats` and `series` from daily rollups. @default true on PostgreSQL when `createTables`, false on PGlite */
  enabled?: boolean;
  /** The adapter may create its schema and tables (idempotently); without it they must exist. @default true */
  createTables?: boolean;
  /** Schema of the rollup tables. @default DEFAULT_ROLLUP_SCHEMA */
  schema?: string;
  /** Seconds between full recomputations. @default DEFAULT_FULL_CHECK_SECONDS */
  fullCheckSeconds?: number;
  /** Days before the watermark recomputed when it moves (invalidations recompute every day). @default DEFAULT_RECENT_DAYS */
  recentDays?: number;
  /** Most recent days always read from the raw table (≥ 1). @default DEFAULT_RAW_DAYS */
  rawDays?: number;
  /** Called after each refresh of a rollup table (for logs). */
  onRefresh?: (info: RefreshInfo) => void;
  /** Background failures; the engine keeps answering from the raw tables. @default a JSON line on stderr */
  onError?: (error: unknown) => void;
}

export interface RefreshInfo {
  /** Rollup table, schema-qualified. */
  rollup: string;
  /** Source table it aggregates. */
  table: string;
  mode: 'full' | 'recent';
  /** First recomputed day. */
  from: string;
  /** The new watermark: first day not in the rollup (exclusive end of the recomputed range). */
  to: string;
  /** Days whose stored partials changed or were added (0 on a full check that found nothing stale). */
  changedDays: number;
  ms: number;
}

export interface RollupStatus {
  rollup: string;
  table: string;
  /** Partials kept (aggregate columns). */
  partials: number;
  /** First day not served from the rollup; undefined until built in this process. */
  watermark: string | undefined;
  /** Invalidated and not yet fully recomputed since: its metrics are read raw. */
  dirty: boolean;
}

/** The rollups of one engine. */
export interface DailyRollups {
  /** The hook compile.ts calls; internal. */
  readonly router: RollupRouter;
  /** Creates the tables when needed and recomputes them fully; what `stats`/`series` would otherwise start on first use. */
  start(): Promise<RefreshInfo[]>;
  /** Moves the watermark to today (recomputing the recent days), or recomputes everything with `full`. */
  refresh(options?: { full?: boolean }): Promise<RefreshInfo[]>;
  /**
   * Data behind `topics` changed: the rollups over their tables turn dirty
   * (read raw) at once, and are recomputed fully in the background; `idle()`
   * awaits that. Resolves at once. No-op before the first use.
   */
  invalidate(topics: readonly Topic[]): Promise<void>;
  status(): RollupStatus[];
  /** Resolves once the queued and running refreshes (background ones included) have settled. */
  idle(): Promise<void>;
  /** Waits for running refreshes; no new ones start afterwards. */
  close(): Promise<void>;
}

type Mode = 'auto' | 'recent' | 'full';
const STRENGTH: Record<Mode, number> = { auto: 0, recent: 1, full: 2 };

interface RollupTable {
  spec: TimeSpec;
  /** Topics whose invalidation refreshes it; empty: every invalidation does. */
  topics: Set<Topic>;
  /** Candidate partials by key; ensure keeps those whose sums are exact. */
  partials: Map<string, AggregateSpec>;
  /** Set by ensure. */
  shape?: RollupShape;
  label?: string;
  /** Known watermark; the table is served only once it is set. */
  watermark?: string;
  /** Local clock (ms) when the next full check is due. */
  checkDueAt: number;
  /** Invalidated since the last full refresh that started after it: not served. */
  dirty: boolean;
  /** Bumped by each invalidation; a full refresh clears `dirty` only if it is unchanged since the refresh started. */
  generation: number;
  /** A refresh of it is queued and has not started yet: a new invalidation joins it. */
  scheduled: boolean;
  /** A refresh of it is running. */
  refreshing: boolean;
}

interface Job {
  modes: Map<RollupTable, Mode>;
  promise: Promise<RefreshInfo[]>;
}

/** Default rule: on for PostgreSQL when the adapter may create tables; off on PGlite (one embedded process, nothing to share, and memory is tight). */
export function rollupsEnabled(sourceKind: string, options: RollupOptions = {}): boolean {
  return options.enabled ?? (sourceKind === 'pg' && options.createTables !== false);
}

function wholeNumber(value: number | undefined, fallback: number, name: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min)
    throw new RangeError(`rollups.${name}: expected an integer ≥ ${min}, got ${v}`);
  return v;
}

const slug = (name: string) =>
  (name.split('.').pop() ?? name)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 20);

/** The rollup tables a definition needs: one per table and time column read by sum, count or avg parts. */
function plannedTables(definition: Definition): Map<string, RollupTable> {
  const tables = new Map<string, RollupTable>();
  for (const metric of definition.metrics) {
    const parts: Part[] = [];
    if (metric.kind === 'sql') parts.push(metric);
    else if (metric.kind === 'ratio') {
      for (const part of [metric.numerator, metric.denominator]) {
        const spec = typeof part === 'string' ? findMetric(definition, part) : part;
        if (spec && (typeof part !== 'string' || (spec as { kind?: string }).kind === 'sql')) parts.push(spec as Part);
      }
    }
    for (const part of parts) {
      const partials = part.time === undefined ? undefined : partialsOf(part);
      if (!partials || part.time === undefined) continue;
      const key = groupKey(part);
      let table = tables.get(key);
      if (!table) {
        table = {
          spec: { table: part.table, time: part.time, timeType: part.timeType ?? 'timestamptz' },
          topics: new Set(),
          partials: new Map(),
          checkDueAt: 0,
          dirty: false,
          generation: 0,
          scheduled: false,
          refreshing: false,
        };
        tables.set(key, table);
      }
      for (const topic of metricTopics(metric, definition)) table.topics.add(topic);
      for (const p of partials) table.partials.set(partialKey(p), p);
    }
  }
  return tables;
}

/**
 * The rollups for `definition` over `ctx.source`, or undefined when disabled
 * (see `rollupsEnabled`) or when no metric can be rolled up.
 */
export function createRollups(
  ctx: EngineContext,
  definition: Definition,
  options: RollupOptions = {},
): DailyRollups | undefined {
  if (!rollupsEnabled(ctx.source.kind, options)) return undefined;
  const schema = options.schema ?? DEFAULT_ROLLUP_SCHEMA;
  if (schema.length === 0) throw new RangeError('rollups.schema: expected a schema name');
  const fullCheckMs = wholeNumber(options.fullCheckSeconds, DEFAULT_FULL_CHECK_SECONDS, 'fullCheckSeconds', 0) * 1000;
  const recentDays = wholeNumber(options.recentDays, DEFAULT_RECENT_DAYS, 'recentDays', 0);
  const rawDays = wholeNumber(options.rawDays, DEFAULT_RAW_DAYS, 'rawDays', 1);
  const createTables = options.createTables !== false;
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.warn(
        JSON.stringify({
          level: 'warn',
          time: new Date().toISOString(),
          message: 'rollup refresh failed; serving from the raw tables',
          error: error instanceof Error ? error.message : String(error),
        }),
      ));
  const source = ctx.source;
  const tz = ctx.timezone;
  const qSchema = quoteIdent(schema);
  const meta = `${qSchema}."rollup_meta"`;
  const tables = plannedTables(definition);
  if (tables.size === 0) return undefined;

  let started = false;
  let ensured = false;
  let closed = false;
  let retryAt = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Job | undefined;

  /** The watermark a refresh now moves to: the first of the days always read raw. */
  const target = () => addDays(todayIn(ctx.now(), tz), 1 - rawDays);

  /** Runs `work` in a transaction holding an advisory lock, so two instances never refresh one table at once. */
  async function locked<T>(lock: string, work: (db: Source) => Promise<T>): Promise<T> {
    if (!source.transaction) return work(source);
    return source.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
      // A planner estimate over a large table can cross jit_above_cost, and compiling (~0.5 s)
      // would dwarf a recent-days refresh that runs in milliseconds.
      await tx.exec('SET LOCAL jit = off');
      return work(tx);
    });
  }

  /** Creates the schema, the meta table and one table per rollup (idempotent), keeping the partials whose sums are exact. */
  async function ensure(): Promise<void> {
    await locked(`dashkit.rollups:${schema}`, async (db) => {
      if (createTables) {
        await db.exec(`CREATE SCHEMA IF NOT EXISTS ${qSchema}; ${metaTableSql(meta)}`);
      } else {
        const [found] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [meta]);
        if (!found?.ok) return; // nothing created for us: every metric stays raw
      }
      for (const table of tables.values()) {
        const from = qualified(table.spec.table);
        const [resolved] = await db.query<{ name: string }>(
          `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`,
          [from],
        );
        if (!resolved) continue; // no such table (yet): its metrics stay raw
        const keys = [...table.partials.keys()].sort();
        const sql = new SqlContext(new Params(), '');
        const types = keys.map((k, i) => `pg_typeof(${aggregateSql(table.partials.get(k)!, sql)})::text AS t${i}`);
        const [typeRow] = await db.query<Record<string, string>>(`SELECT ${types.join(', ')} FROM ${from} WHERE false`);
        const typeOf = (k: string) => typeRow?.[`t${keys.indexOf(k)}`] ?? '';
        const kept = keys.filter((k) => EXACT_TYPES.has(typeOf(k)));
        if (kept.length === 0) continue;
        // Another zone, definition or source table is another rollup table.
        const hash = createHash('sha256')
          .update(JSON.stringify({ v: 1, source: resolved.name, ...table.spec, tz, partials: kept }))
          .digest('hex')
          .slice(0, 12);
        const label = `r_${slug(table.spec.table)}_${slug(table.spec.time)}_${hash}`;
        const name = `${qSchema}.${quoteIdent(label)}`;
        if (createTables) {
          const defs = kept.map((k, i) => `p${i} ${typeOf(k)}`);
          await db.exec(`CREATE TABLE IF NOT EXISTS ${name} (dk_day date PRIMARY KEY, ${defs.join(', ')})`);
          await db.query(
            `INSERT INTO ${meta} (name, source_table, time_column, timezone, partials) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (name) DO NOTHING`,
            [label, resolved.name, table.spec.time, tz, JSON.stringify(kept.map((k) => JSON.parse(k) as unknown))],
          );
        } else {
          const [exists] = await db.query<{ ok: boolean }>(
            `SELECT to_regclass($1) IS NOT NULL AND EXISTS (SELECT 1 FROM ${meta} WHERE name = $2) AS ok`,
            [name, label],
          );
          if (!exists?.ok) continue;
        }
        table.label = label;
        table.shape = {
          name,
          spec: table.spec,
          columns: new Map(kept.map((k, i) => [k, `p${i}`])),
          partials: table.partials,
        };
      }
    });
    ensured = true;
  }

  async function refreshTable(table: RollupTable, mode: Mode): Promise<RefreshInfo | undefined> {
    const shape = table.shape!;
    const label = table.label!;
    // Everything committed before this point is seen by the refresh statement below (read committed).
    const generation = table.generation;
    table.scheduled = false;
    table.refreshing = true;
    const startedAt = performance.now();
    const goal = target();
    const info = await locked(`dashkit.rollup:${schema}.${label}`, async (db) => {
      const [row] = await db.query<{ watermark: string | null; age: number | null }>(
        `SELECT watermark::text AS watermark, extract(epoch FROM now() - checked_at)::float8 AS age FROM ${meta} WHERE name = $1`,
        [label],
      );
      const stored = row?.watermark ?? null;
      const age = row?.age ?? null;
      const full = mode === 'full' || stored === null || age === null || age * 1000 >= fullCheckMs;
      if (!full && mode === 'auto' && stored !== null && stored >= goal) {
        // Another instance already moved it today.
        table.watermark = stored;
        table.checkDueAt = Date.now() + fullCheckMs - (age ?? 0) * 1000;
        return undefined;
      }
      // The watermark never moves back: every day below it is kept up to date.
      const hi = stored !== null && stored > goal ? stored : goal;
      let lo = addDays(stored !== null && stored < goal ? stored : goal, -recentDays);
      if (full) {
        const first = firstDaySql(shape, tz);
        const [bounds] = await db.query<{ lo: string | null }>(first.text, first.values);
        lo = bounds?.lo && bounds.lo < hi ? bounds.lo : hi;
      }
      const statement = refreshSql(shape, { meta, label, lo, hi, full, timezone: tz });
      const [result] = await db.query<{ changed: number }>(statement.text, statement.values);
      if (!result) throw new Error(`rollup ${label}: its row in ${schema}.rollup_meta is missing`);
      table.checkDueAt = Date.now() + (full ? fullCheckMs : fullCheckMs - (age ?? 0) * 1000);
      return { mode: full ? 'full' : 'recent', from: lo, to: hi, changedDays: result.changed } as const;
    }).finally(() => {
      table.refreshing = false;
    });
    if (!info) return undefined;
    table.watermark = info.to;
    if (info.mode === 'full' && table.generation === generation) table.dirty = false;
    const done: RefreshInfo = {
      rollup: `${schema}.${label}`,
      table: table.spec.table,
      ...info,
      ms: Math.round(performance.now() - startedAt),
    };
    options.onRefresh?.(done);
    return done;
  }

  async function run(job: Job): Promise<RefreshInfo[]> {
    if (queued === job) queued = undefined;
    if (!ensured) {
      try {
        await ensure();
      } catch (error) {
        for (const table of job.modes.keys()) table.scheduled = false;
        throw error;
      }
    }
    const infos: RefreshInfo[] = [];
    for (const [table, mode] of job.modes) {
      if (!table.shape) {
        table.scheduled = false;
        continue;
      }
      try {
        const info = await refreshTable(table, mode);
        if (info) infos.push(info);
      } catch (error) {
        // Its recent days may now be stale: answer raw until a refresh succeeds.
        table.watermark = undefined;
        retryAt = Date.now() + RETRY_AFTER_MS;
        onError(error);
      }
    }
    return infos;
  }

  /** Queues a refresh after the running one; requests arriving while it waits join it. */
  function enqueue(modes: Iterable<[RollupTable, Mode]>): Promise<RefreshInfo[]> {
    if (closed) return Promise.resolve([]);
    started = true;
    const job = queued ?? { modes: new Map<RollupTable, Mode>(), promise: Promise.resolve([]) };
    for (const [table, mode] of modes) {
      const current = job.modes.get(table);
      if (current === undefined || STRENGTH[mode] > STRENGTH[current]) job.modes.set(table, mode);
    }
    if (job !== queued) {
      job.promise = chain.then(() => run(job));
      chain = job.promise.catch(() => {});
      queued = job;
    }
    return job.promise;
  }

  const each = (list: Iterable<RollupTable>, mode: Mode) => [...list].map((t): [RollupTable, Mode] => [t, mode]);

  function background(promise: Promise<unknown>): void {
    promise.catch((error: unknown) => {
      retryAt = Date.now() + RETRY_AFTER_MS;
      onError(error);
    });
  }

  /** On a query: start on first use; move the watermark after midnight; run the periodic full check. */
  function poke(): void {
    if (closed || queued || Date.now() < retryAt) return;
    if (!ensured) {
      background(enqueue(each(tables.values(), 'full')));
      return;
    }
    const goal = target();
    const now = Date.now();
    const due = [...tables.values()].filter(
      (t) =>
        t.shape &&
        ((t.dirty && !t.refreshing) || t.watermark === undefined || t.watermark < goal || now >= t.checkDueAt),
    );
    // A dirty table (its repair failed) needs a full refresh; a recent-days one would not clear it.
    if (due.length) background(enqueue(due.map((t): [RollupTable, Mode] => [t, t.dirty ? 'full' : 'auto'])));
  }

  /** Awaits the chain until no refresh was queued meanwhile. */
  async function settle(): Promise<void> {
    for (let seen = chain; ; seen = chain) {
      await seen;
      if (seen === chain) return;
    }
  }

  const router: RollupRouter = {
    serve(cteName, spec, bases, q) {
      poke();
      const table = tables.get(groupKey(spec));
      // Dirty: invalidated, not recomputed yet; the raw table has the right number.
      if (!table?.shape || table.watermark === undefined || table.dirty) return undefined;
      // A scope filtering this table (a customer's own rows) cannot be answered from global daily rows.
      if (scopeColumns(spec, q.scope).length > 0) return undefined;
      return servingCte(table.shape, table.watermark, cteName, spec, bases, q);
    },
    recover(error) {
      // 42P01 undefined_table: someone dropped a rollup; answer raw now, recreate on a later query.
      if ((error as { code?: unknown } | null)?.code !== '42P01') return false;
      ensured = false;
      for (const t of tables.values()) {
        t.watermark = undefined;
        t.shape = undefined;
      }
      return true;
    },
  };

  return {
    router,
    start: () => enqueue(each(tables.values(), 'full')),
    refresh: (opts) => enqueue(each(tables.values(), opts?.full ? 'full' : 'recent')),
    invalidate(topics) {
      // Before the first use nothing is served from the rollups; the first use recomputes everything.
      if (!started || closed) return Promise.resolve();
      const due: RollupTable[] = [];
      for (const t of tables.values()) {
        if (t.topics.size > 0 && !topics.some((x) => t.topics.has(x))) continue;
        t.generation += 1;
        t.dirty = true;
        if (t.scheduled) continue; // a refresh that has not started yet will see this change
        t.scheduled = true;
        due.push(t);
      }
      if (due.length) background(enqueue(each(due, 'full')));
      return Promise.resolve();
    },
    status: () =>
      [...tables.values()].map((t) => ({
        rollup: t.label ? `${schema}.${t.label}` : '',
        table: t.spec.table,
        partials: t.shape?.columns.size ?? 0,
        watermark: t.watermark,
        dirty: t.dirty,
      })),
    idle: settle,
    async close() {
      closed = true;
      await settle();
    },
  };
}
