/**
 * The shape of a config object (`dashkit serve --config`), as a zod schema:
 * metrics, breakdowns, dimensions, segments, pipelines, boards, digests and
 * report access, each field with the message a wrong value gets. config.ts
 * parses with it; the rules across fields are in config-check.ts.
 */
import * as z from 'zod/mini';
import { Board, PIPELINE_ID, TOPICS } from '../../src/contract/index.js';

// PostgreSQL truncates identifiers past 63 bytes, which would silently read another column.
const MAX_IDENT_BYTES = 63;
/** A metric, breakdown or dimension id: a lowercase letter, then lowercase letters, digits and _. */
export const ID_RE = /^[a-z][a-z0-9_]{0,63}$/;

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
  label: translatable,
});

/** A board's id: the `{id}` of `v1/boards/{id}`. */
export const BOARD_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A whole config object; its `aging`, `lowStock`, `activity` and `digests` are checked by their own parsers. */
export const Config = z.strictObject({
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
