/**
 * Custom metrics from a configuration object or file (`dashkit serve
 * --config`). A file is JSON, or a `.js`/`.mjs` module whose default export
 * is the object (or a function returning it) — the way to give a metric a
 * function. Every problem is reported with the path of the bad field, e.g.
 * `metrics[2].aggregate: expected one of sum, count, …`.
 *
 * @example
 * // dashkit.config.json
 * {
 *   "metrics": [
 *     { "kind": "sql", "id": "refunds", "label": "Refunds", "format": "currency", "goodDirection": "down",
 *       "table": "refunds", "time": "created_at", "aggregate": "sum", "column": "amount",
 *       "filterColumns": { "customer_id": "customer_id" } },
 *     { "kind": "ratio", "id": "refund_rate", "label": "Refund rate", "format": "percent", "goodDirection": "down",
 *       "numerator": "refunds", "denominator": "revenue", "scale": 4 }
 *   ],
 *   "dimensions": [
 *     { "id": "region", "label": "Region", "columns": { "orders": "region", "invoices": "region" } }
 *   ]
 * }
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as z from 'zod/mini';
import { Board, PIPELINE_ID, TOPICS } from '../../src/contract/index.js';
import {
  ADDITIVE,
  type AggregateSpec,
  COMMERCE_DEFINITION,
  type Definition,
  type DimensionDef,
  findMetric,
  type MetricDef,
  type RatioMetric,
} from './metrics.js';
import {
  DEFAULT_ACTIVITY_MAPPING,
  parseActivityMapping,
  parseAgingMapping,
  parseLowStockMapping,
  ReportsConfigError,
} from './reports-config.js';

export interface ConfigIssue {
  path: string;
  message: string;
}

/** A definition or config that cannot be used; `issues` name each bad field. */
export class DefinitionError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[], source?: string) {
    super(`${source ? `${source}: ` : ''}${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'DefinitionError';
    this.issues = issues;
  }
}

// PostgreSQL truncates identifiers past 63 bytes, which would silently read another column.
const MAX_IDENT_BYTES = 63;
const ID_RE = /^[a-z][a-z0-9_]{0,63}$/;

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `expected one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
}

const ident = z.string({ error: 'expected a column name' }).check(
  z.minLength(1, 'expected a column name'),
  z.refine(
    (s) => !s.includes('\u0000') && Buffer.byteLength(s) <= MAX_IDENT_BYTES,
    `expected a column name of 1–${MAX_IDENT_BYTES} bytes`,
  ),
);
const tableName = z
  .string({ error: 'expected a table name' })
  .check(
    z.refine(
      (s) =>
        s.split('.').every((p) => p.length > 0 && !p.includes('\u0000') && Buffer.byteLength(p) <= MAX_IDENT_BYTES),
      `expected a table name or schema.table (each part 1–${MAX_IDENT_BYTES} bytes)`,
    ),
  );
const sqlText = z.string({ error: 'expected SQL text' }).check(z.minLength(1, 'expected SQL text'));
const id = z
  .string({ error: 'expected an id' })
  .check(z.regex(ID_RE, 'expected an id of lowercase letters, digits and _, starting with a letter'));
const label = z.string({ error: 'expected a label' }).check(z.minLength(1, 'expected a label'));
/** A label per BCP 47 locale or language (`{"en": "Revenue", "fa": "درآمد"}`), or one string for every locale. */
const translatable = z.union(
  [
    label,
    z
      .record(
        z.string().check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'expected a locale such as fa or fa-IR')),
        label,
      )
      .check(z.refine((r) => Object.keys(r).length > 0, 'expected at least one locale')),
  ],
  { error: 'expected a label, or labels by locale such as {"en": "Revenue", "fa": "درآمد"}' },
);

const aggregateFields = {
  table: tableName,
  aggregate: oneOf(['sum', 'count', 'count_distinct', 'avg', 'min', 'max']),
  column: z.optional(ident),
  expression: z.optional(sqlText),
  where: z.optional(sqlText),
  filterColumns: z.optional(z.record(z.string(), ident)),
};
const timeFields = { time: ident, timeType: z.optional(oneOf(['timestamptz', 'date'])) };
const baseFields = {
  id,
  label: translatable,
  format: oneOf(['currency', 'number', 'percent', 'duration']),
  goodDirection: oneOf(['up', 'down']),
  description: z.optional(translatable),
  topics: z.optional(z.array(oneOf(TOPICS))),
  roles: z.optional(z.array(z.string())),
};
const ratioPart = z.union([id, z.strictObject({ ...aggregateFields, ...timeFields, time: z.optional(ident) })], {
  error: 'expected a metric id or an aggregate {table, aggregate, time?, column?, where?}',
});

const MetricConfig = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('sql'), ...baseFields, ...aggregateFields, ...timeFields }),
    z.strictObject({ kind: z.literal('snapshot'), ...baseFields, ...aggregateFields }),
    z.strictObject({
      kind: z.literal('ratio'),
      ...baseFields,
      numerator: ratioPart,
      denominator: ratioPart,
      scale: z.optional(
        z.int().check(z.gte(0, 'expected 0–20 decimal places'), z.lte(20, 'expected 0–20 decimal places')),
      ),
    }),
    z.strictObject({
      kind: z.literal('function'),
      ...baseFields,
      fn: z.custom<(...args: never[]) => unknown>(
        (v) => typeof v === 'function',
        'expected a function (use a .js or .mjs config)',
      ),
      timeSeries: z.optional(z.boolean()),
      dimensions: z.optional(z.array(id)),
    }),
  ],
  { error: 'expected kind to be one of sql, snapshot, ratio, function' },
);

const BreakdownConfig = z.strictObject({
  id,
  label: translatable,
  dimension: z.string().check(z.minLength(1, 'expected a scope filter name such as customer_id')),
  table: tableName,
  key: ident,
  labelColumn: ident,
  topics: z.optional(z.array(oneOf(TOPICS))),
});

const DimensionConfig = z.strictObject({
  id,
  label: translatable,
  columns: z
    .record(tableName, ident)
    .check(
      z.refine((r) => Object.keys(r).length > 0, 'expected at least one table: column, e.g. {"orders": "region"}'),
    ),
  type: z.optional(oneOf(['integer', 'text'])),
  labels: z.optional(
    z.strictObject({
      table: tableName,
      key: ident,
      column: ident,
      filterColumns: z.optional(z.record(z.string(), ident)),
    }),
  ),
  topics: z.optional(z.array(oneOf(TOPICS))),
});

const PipelineConfig = z.strictObject({
  id: z
    .string({ error: 'expected a pipeline id' })
    .check(z.regex(PIPELINE_ID, 'expected an id of lowercase letters, digits, _ and -, e.g. quickbooks-sync')),
  label,
});

/** A board's id: the `{id}` of `v1/boards/{id}`. */
export const BOARD_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const Config = z.strictObject({
  /** `commerce` (default): add to and override the built-in metrics; `none`: only what the config lists. */
  base: z.optional(oneOf(['commerce', 'none'])),
  metrics: z.optional(z.array(MetricConfig)),
  breakdowns: z.optional(z.array(BreakdownConfig)),
  /** Dimensions `filter=` narrows by; one with the id of a built-in (`customer`) replaces it. */
  dimensions: z.optional(z.array(DimensionConfig)),
  segments: z.optional(z.nullable(z.strictObject({ metric: id, by: id }))),
  aging: z.optional(z.unknown()),
  lowStock: z.optional(z.unknown()),
  /** `v1/activity`'s tables (checked by parseActivityMapping), or `null` for no feed. */
  activity: z.optional(z.unknown()),
  /** Data pipelines `v1/status` shows before their first run. */
  pipelines: z.optional(z.array(PipelineConfig)),
  /** Named boards (`v1/boards/{id}`), each a Board of the contract; the key is its id. */
  boards: z.optional(
    z.record(
      z.string().check(z.regex(BOARD_ID, 'expected a board id of lowercase letters, digits, _ and -, e.g. weekly')),
      Board,
    ),
  ),
  /** Scheduled digests (`[{id, board, schedule, to, …}]`); each checked at start, naming the bad field. */
  digests: z.optional(z.array(z.unknown())),
  /** Who may read whole reports: `{ "low-stock": { "roles": ["staff"] } }` (engine/access.ts). */
  reports: z.optional(
    z.record(
      z.string().check(z.regex(/^[a-z][a-z0-9_-]*$/, 'expected a report name such as low-stock')),
      z.strictObject({
        roles: z.optional(z.array(z.string()).check(z.minLength(1, 'expected at least one role'))),
      }),
    ),
  ),
});

export type DashkitConfig = z.input<typeof Config>;

function pathText(path: readonly PropertyKey[]): string {
  return (
    path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') ||
    '(config)'
  );
}

function replaceById<T extends { id: string }>(base: readonly T[], extra: readonly T[]): T[] {
  const ids = new Set(extra.map((e) => e.id));
  return [...base.filter((b) => !ids.has(b.id)), ...extra];
}

/**
 * Validates a config object and returns the definition it describes: the
 * commerce metrics plus (or replaced by) the listed ones, unless `base` is
 * `none`. Throws DefinitionError naming every bad field.
 */
export function parseConfig(input: unknown, source?: string): Definition {
  const result = Config.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue) => {
      const path = pathText(issue.path);
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((k) => ({ path: path === '(config)' ? k : `${path}.${k}`, message: 'unknown field' }));
      return [{ path, message: issue.message }];
    });
    throw new DefinitionError(issues, source);
  }
  const config = result.data;
  const base: Definition =
    config.base === 'none' ? { metrics: [], breakdowns: [], dimensions: [], segments: null } : COMMERCE_DEFINITION;
  const listed = (config.metrics ?? []) as MetricDef[];
  const metrics = replaceById(base.metrics, listed);
  // Report problems at the config's own positions, built-ins by id.
  const kept = metrics.length - listed.length;
  const paths = metrics.map((m, i) => (i < kept ? `built-in metric "${m.id}"` : `metrics[${i - kept}]`));
  const definition: Definition = {
    metrics,
    breakdowns: replaceById(base.breakdowns, config.breakdowns ?? []),
    dimensions: replaceById(base.dimensions ?? [], (config.dimensions ?? []) as DimensionDef[]),
    segments: config.segments !== undefined ? config.segments : base.segments,
    ...(config.reports ? { reports: config.reports } : {}),
  };
  try {
    if (config.aging !== undefined) definition.aging = parseAgingMapping(config.aging, 'aging');
    if (config.lowStock !== undefined) definition.lowStock = parseLowStockMapping(config.lowStock, 'lowStock');
    if (config.activity === null) definition.activity = null;
    else if (config.activity !== undefined || config.base === 'none') {
      // Listed sources add to (or replace by kind) the commerce orders; `base: none` starts from no source.
      const base = config.base === 'none' ? [] : DEFAULT_ACTIVITY_MAPPING.sources;
      const activity = parseActivityMapping(config.activity, 'activity', base);
      definition.activity = activity.sources.length > 0 ? activity : null;
    }
  } catch (error) {
    if (error instanceof ReportsConfigError) throw new DefinitionError(error.issues, source);
    throw error;
  }
  if (config.pipelines !== undefined) definition.pipelines = config.pipelines;
  if (config.boards !== undefined) definition.boards = namedBoards(config.boards, source);
  if (config.digests !== undefined) definition.digests = config.digests;
  checkDefinition(definition, source, paths);
  return definition;
}

/**
 * Named boards with their ids set from their keys; a board whose own `id`
 * differs from its key is an error at `boards.<key>.id`.
 */
export function namedBoards(boards: Readonly<Record<string, Board>>, source?: string): Record<string, Board> {
  const out: Record<string, Board> = {};
  const issues: ConfigIssue[] = [];
  for (const [key, board] of Object.entries(boards)) {
    if (board.id !== undefined && board.id !== key)
      issues.push({ path: `boards.${key}.id`, message: `expected "${key}" (the board's key) or no id` });
    out[key] = { ...board, id: key };
  }
  if (issues.length) throw new DefinitionError(issues, source);
  return out;
}

/**
 * Reads a config file: `.json`, or `.js`/`.mjs` whose default export is the
 * config object or a (possibly async) function returning it.
 */
export async function loadConfig(path: string): Promise<Definition> {
  const file = resolve(path);
  const ext = extname(file);
  let raw: unknown;
  if (ext === '.json') {
    const text = await readFile(file, 'utf8');
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new DefinitionError([{ path: '(file)', message: `invalid JSON: ${(error as Error).message}` }], file);
    }
  } else if (ext === '.js' || ext === '.mjs') {
    const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
    raw = typeof mod.default === 'function' ? await (mod.default as () => unknown)() : mod.default;
    if (raw === undefined) throw new DefinitionError([{ path: '(file)', message: 'expected a default export' }], file);
  } else {
    throw new DefinitionError(
      [{ path: '(file)', message: `expected a .json, .js or .mjs file, got "${ext || 'no extension'}"` }],
      file,
    );
  }
  return parseConfig(raw, file);
}

/**
 * The checks a definition written in code must pass too: unique ids,
 * aggregates that say what they aggregate, ratios over existing SQL metrics
 * that are both timed or both point-in-time, a usable segments metric.
 */
export function checkDefinition(definition: Definition, source?: string, metricPaths?: readonly string[]): void {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  definition.metrics.forEach((m, i) => {
    const at = metricPaths?.[i] ?? `metrics[${i}]`;
    if (!ID_RE.test(m.id))
      issues.push({ path: `${at}.id`, message: `"${m.id}" is not an id of lowercase letters, digits and _` });
    if (seen.has(m.id)) issues.push({ path: `${at}.id`, message: `duplicate id "${m.id}"` });
    seen.add(m.id);
    if (m.kind === 'sql' || m.kind === 'snapshot') checkAggregate(m, at, issues);
    if (m.kind === 'function' && typeof m.fn !== 'function')
      issues.push({ path: `${at}.fn`, message: 'expected a function' });
    if (m.kind === 'ratio') checkRatio(definition, m, at, issues);
  });
  const breakdownIds = new Set<string>();
  definition.breakdowns.forEach((b, i) => {
    if (breakdownIds.has(b.id)) issues.push({ path: `breakdowns[${i}].id`, message: `duplicate id "${b.id}"` });
    breakdownIds.add(b.id);
  });
  checkDimensions(definition, metricPaths, issues);
  const pipelineIds = new Set<string>();
  (definition.pipelines ?? []).forEach((p, i) => {
    if (!PIPELINE_ID.test(p.id))
      issues.push({
        path: `pipelines[${i}].id`,
        message: `"${p.id}" is not an id of lowercase letters, digits, _ and -`,
      });
    if (pipelineIds.has(p.id)) issues.push({ path: `pipelines[${i}].id`, message: `duplicate id "${p.id}"` });
    pipelineIds.add(p.id);
  });
  const kinds = new Set<string>();
  (definition.activity?.sources ?? []).forEach((s, i) => {
    if (kinds.has(s.kind)) issues.push({ path: `activity.sources[${i}].kind`, message: `duplicate kind "${s.kind}"` });
    kinds.add(s.kind);
  });
  const seg = definition.segments;
  if (seg) {
    const metric = findMetric(definition, seg.metric);
    const breakdown = definition.breakdowns.find((b) => b.id === seg.by);
    if (!metric || metric.kind !== 'sql' || !ADDITIVE.has(metric.aggregate)) {
      issues.push({
        path: 'segments.metric',
        message: `expected a sql metric with aggregate sum or count, got "${seg.metric}"`,
      });
    } else if (!breakdown) {
      issues.push({ path: 'segments.by', message: `unknown breakdown "${seg.by}"` });
    } else if (!metric.filterColumns?.[breakdown.dimension]) {
      issues.push({
        path: 'segments.metric',
        message: `metric "${seg.metric}" has no filterColumns.${breakdown.dimension} for breakdown "${seg.by}"`,
      });
    }
  }
  if (issues.length) throw new DefinitionError(issues, source);
}

/**
 * Dimensions: unique ids (`bucket` belongs to the aging report's own filter), at least one mapped table; a
 * function metric may only name dimensions that exist.
 */
function checkDimensions(definition: Definition, metricPaths: readonly string[] | undefined, issues: ConfigIssue[]) {
  const ids = new Set<string>();
  (definition.dimensions ?? []).forEach((d, i) => {
    const at = `dimensions[${i}]`;
    if (!ID_RE.test(d.id))
      issues.push({ path: `${at}.id`, message: `"${d.id}" is not an id of lowercase letters, digits and _` });
    else if (d.id === 'bucket')
      issues.push({ path: `${at}.id`, message: '"bucket" is reserved for the aging report\'s bucket filter' });
    if (ids.has(d.id)) issues.push({ path: `${at}.id`, message: `duplicate id "${d.id}"` });
    ids.add(d.id);
    if (Object.keys(d.columns).length === 0)
      issues.push({ path: `${at}.columns`, message: 'expected at least one table: column' });
  });
  definition.metrics.forEach((m, i) => {
    if (m.kind !== 'function') return;
    for (const d of m.dimensions ?? []) {
      if (!ids.has(d))
        issues.push({ path: `${metricPaths?.[i] ?? `metrics[${i}]`}.dimensions`, message: `unknown dimension "${d}"` });
    }
  });
}

function checkAggregate(spec: AggregateSpec, at: string, issues: ConfigIssue[]): void {
  if (spec.column !== undefined && spec.expression !== undefined)
    issues.push({ path: `${at}.expression`, message: 'give column or expression, not both' });
  if (spec.aggregate !== 'count' && spec.column === undefined && spec.expression === undefined) {
    issues.push({ path: `${at}.column`, message: `aggregate ${spec.aggregate} needs a column or an expression` });
  }
}

function checkRatio(definition: Definition, m: RatioMetric, at: string, issues: ConfigIssue[]): void {
  const timed: boolean[] = [];
  for (const side of ['numerator', 'denominator'] as const) {
    const part = m[side];
    if (typeof part === 'string') {
      const ref = findMetric(definition, part);
      if (!ref) issues.push({ path: `${at}.${side}`, message: `unknown metric "${part}"` });
      else if (ref.kind !== 'sql' && ref.kind !== 'snapshot')
        issues.push({
          path: `${at}.${side}`,
          message: `"${part}" is a ${ref.kind} metric; a ratio takes sql or snapshot metrics`,
        });
      else timed.push(ref.kind === 'sql');
    } else {
      checkAggregate(part, `${at}.${side}`, issues);
      timed.push('time' in part && part.time !== undefined);
    }
  }
  if (timed.length === 2 && timed[0] !== timed[1]) {
    issues.push({
      path: `${at}.denominator`,
      message: 'numerator and denominator must both be time-based or both point-in-time',
    });
  }
}
