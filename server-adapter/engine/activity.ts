/**
 * The activity feed (`v1/activity`, SPEC §7): rows of one or more tables
 * (the commerce orders by default; a host's tickets, appointments, payments)
 * as one list, newest first, paged by a keyset cursor.
 *
 * Order: time, then kind, then id (as text), all descending — a total order,
 * so a cursor naming the last item of a page (time to the microsecond, kind,
 * id) splits the feed exactly: `before` returns the items strictly after it.
 * Rows added above a page (newer ones) never move the pages below it, so
 * paging down while rows arrive repeats nothing and skips nothing.
 *
 * One statement per page: each table's newest `limit + 1` rows past the
 * cursor (its time index serves it), customers' names joined onto those few
 * rows only, then the union sorted and cut to `limit + 1` (the extra row says
 * whether there is a next page).
 */
import {
  type ActivityCursor,
  type ActivityItem,
  type ActivityParams,
  type ActivityResponse,
  DEFAULT_ACTIVITY_LIMIT,
  encodeActivityCursor,
  TOPICS,
  type Topic,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { SqlParam } from '../sources/source.js';
import { type DimensionFilter, echoFilters, filterTopics, resolveFilters, sourceColumn } from './dimensions.js';
import { InvalidQueryError, NotFoundInDataError } from './errors.js';
import type { Definition } from './metrics.js';
import { sortedTopics } from './metrics.js';
import {
  type ActivityMapping,
  type ActivitySource,
  type ActivityText,
  COMMERCE_ORDER_ACTIVITY,
  DEFAULT_ACTIVITY_MAPPING,
} from './reports-config.js';
import { commerceOrderState, commerceOrderTitle } from './labels.js';
import { Params, qualified, quoteIdent } from './sql.js';
import type { Body, EngineContext, ReportModule } from './types.js';

/** The feed a definition lists, or undefined when it has none (`activity: null`). */
export function activityMapping(definition: Definition): ActivityMapping | undefined {
  return definition.activity === null ? undefined : (definition.activity ?? DEFAULT_ACTIVITY_MAPPING);
}

function tableTopic(table: string): Topic[] {
  const name = table.split('.').pop() ?? table;
  return (TOPICS as readonly string[]).includes(name) ? [name as Topic] : [];
}

/** Topics that move a source's items: its own list, else its table's and, with a customer, `customers` (names). */
export function sourceTopics(source: ActivitySource): Topic[] {
  if (source.topics) return [...source.topics];
  return [...tableTopic(source.table), ...(source.customer ? (['customers'] as Topic[]) : [])];
}

/** Scope filter name → column of a source: its `filterColumns`, with `customer_id` → its customer column. */
function filterColumns(source: ActivitySource): Record<string, string> {
  return { ...(source.customer ? { customer_id: source.customer } : {}), ...source.filterColumns };
}

function mappingOrFail(definition: Definition): ActivityMapping {
  const mapping = activityMapping(definition);
  if (!mapping)
    throw new NotFoundInDataError('this backend has no activity feed (activity is off in its configuration)');
  return mapping;
}

/** The sources `kinds` asks for (all by default); an unknown kind is a 400 naming `kinds`. */
function selectSources(mapping: ActivityMapping, kinds: readonly string[] | undefined): ActivitySource[] {
  if (!kinds) return [...mapping.sources];
  const known = mapping.sources.map((s) => s.kind);
  const unknown = kinds.find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw InvalidQueryError.param('kinds', `unknown kind "${unknown}"; known: ${known.join(', ')}`);
  return mapping.sources.filter((s) => kinds.includes(s.kind));
}

/**
 * The request's filters, checked: a dimension the definition has and that
 * narrows at least one of the chosen sources (`sourceColumn`), else a 400
 * naming `filter`.
 */
function activityFilters(
  definition: Definition,
  sources: readonly ActivitySource[],
  filters: ActivityParams['filter'],
): DimensionFilter[] {
  return resolveFilters(definition, filters, 'activity', (d) =>
    sources.some((s) => sourceColumn(d, s) !== undefined)
      ? undefined
      : `none of the feed's sources (${sources.map((s) => s.kind).join(', ')}) has a ${d.id} column`,
  );
}

function activityTopics(definition: Definition, params: Pick<ActivityParams, 'kinds' | 'filter'>): Topic[] {
  const sources = selectSources(mappingOrFail(definition), params.kinds);
  const filters = activityFilters(definition, sources, params.filter);
  return sortedTopics([...sources.flatMap(sourceTopics), ...filterTopics(filters)]);
}

interface ActivityRow {
  kind: string;
  id: string | number;
  id_key: string;
  at_iso: string;
  at_key: string;
  title: string | null;
  detail: string | null;
  amount: string | null;
  status: string | null;
  customer_id: string | number | null;
  customer_name: string | null;
}

/** SQL for one text field over the row aliased `t`: a quoted column, or the host's trusted SQL. */
function textSql(field: ActivityText | undefined): string {
  if (field === undefined) return 'NULL::text';
  return typeof field === 'string' ? `t.${quoteIdent(field)}::text` : `(${field.sql})::text`;
}

function amountSql(field: ActivityText | undefined): string {
  if (field === undefined) return 'NULL::text';
  // Through numeric: a float column's text could be `1e+20`, which is no decimal string.
  return typeof field === 'string' ? `t.${quoteIdent(field)}::numeric::text` : `(${field.sql})::numeric::text`;
}

/** What narrows every source: the caller's scope and the request's filters. */
interface Narrowing {
  scope: Scope;
  /** The request's filters, resolved (values in their dimension's type). */
  filters: readonly DimensionFilter[];
  cursor: ActivityCursor | undefined;
}

/**
 * One source's part of the union, or undefined when the source cannot
 * appear: a scope filter it has no column for (its rows are not the
 * caller's to see), or a filter on a dimension it cannot be narrowed by.
 */
function branchSql(
  source: ActivitySource,
  mapping: ActivityMapping,
  narrowing: Narrowing,
  fetch: number,
  p: Params,
): string | undefined {
  const columns = filterColumns(source);
  const scoped = Object.keys(narrowing.scope.filters).sort();
  if (scoped.some((name) => !Object.hasOwn(columns, name))) return undefined;
  const filterColumnsOf = narrowing.filters.map((f) => [sourceColumn(f.dimension, source), f.value] as const);
  if (filterColumnsOf.some(([column]) => column === undefined)) return undefined;

  const col = (name: string) => `t.${quoteIdent(name)}`;
  const time = col(source.time);
  const idKey = `${col(source.id)}::text COLLATE "C"`;
  const conds = [`${time} IS NOT NULL`];
  if (source.where) conds.push(`(${source.where})`);
  for (const name of scoped) conds.push(`${col(columns[name]!)} = ${p.add(narrowing.scope.filters[name] ?? null)}`);

  // Like a scope: the value is bound and takes the column's type (one it cannot hold is a 400 naming `filter`).
  for (const [column, value] of filterColumnsOf) conds.push(`${col(column!)} = ${p.add(value)}`);
  const customers = mapping.customers;
  const cid = quoteIdent(customers.id);

  const cursor = narrowing.cursor;
  if (cursor) {
    const at = `${p.add(cursor.at)}::timestamptz`;
    // The row comparison (time, kind, id) < cursor, with this source's constant kind worked out here.
    // Kinds are ASCII, so JavaScript's order is the "C" collation's.
    const tie =
      source.kind < cursor.kind ? 'TRUE' : source.kind > cursor.kind ? 'FALSE' : `${idKey} < ${p.add(cursor.id)}`;
    conds.push(`${time} <= ${at}`, `(${time} < ${at} OR (${time} = ${at} AND ${tie}))`);
  }

  const customerSql = source.customer ? col(source.customer) : 'NULL::text';
  const join = source.customer ? `LEFT JOIN ${qualified(customers.table)} c ON c.${cid} = s.dk_customer` : '';
  const nameSql = source.customer ? `c.${quoteIdent(customers.name)}::text` : 'NULL::text';
  return `(SELECT ${p.add(source.kind)}::text AS kind, to_jsonb(s.dk_id) AS id, s.dk_id_key AS id_key, s.dk_at AS at,
    s.dk_title AS title, s.dk_detail AS detail, s.dk_amount AS amount, s.dk_status AS status,
    to_jsonb(s.dk_customer) AS customer_id, ${nameSql} AS customer_name
  FROM (
    SELECT ${col(source.id)} AS dk_id, ${idKey} AS dk_id_key, ${time}::timestamptz AS dk_at,
      ${textSql(source.title)} AS dk_title, ${textSql(source.detail)} AS dk_detail,
      ${amountSql(source.amount)} AS dk_amount, ${textSql(source.status)} AS dk_status, ${customerSql} AS dk_customer
    FROM ${qualified(source.table)} t
    WHERE ${conds.join(' AND ')}
    ORDER BY ${time} DESC, ${idKey} DESC
    LIMIT ${p.add(fetch)}::int
  ) s
  ${join})`;
}

/**
 * An id as JSON: a number when it is an integer JavaScript holds exactly, else
 * text (a `bigint` past 2^53 would silently become another number).
 */
function safeId(column: string): string {
  return `CASE WHEN jsonb_typeof(${column}) = 'number' AND abs((${column} #>> '{}')::numeric) > 9007199254740991
    THEN to_jsonb(${column} #>> '{}') ELSE ${column} END`;
}

/** One page of the feed for a scope. */
export async function activityReport(
  ctx: EngineContext,
  definition: Definition,
  mapping: ActivityMapping,
  params: ActivityParams,
  scope: Scope,
): Promise<Body<ActivityResponse>> {
  const sources = selectSources(mapping, params.kinds);
  const filters = activityFilters(definition, sources, params.filter);
  const limit = params.limit ?? DEFAULT_ACTIVITY_LIMIT;
  const narrowing: Narrowing = { scope, filters, cursor: params.before };

  const p = new Params();
  const branches = sources
    .map((s) => branchSql(s, mapping, narrowing, limit + 1, p))
    .filter((b): b is string => b !== undefined);
  const sql =
    branches.length === 0
      ? undefined
      : `SELECT kind, ${safeId('id')} AS id, id_key,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at_iso,
    to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key,
    title, detail, amount, status, ${safeId('customer_id')} AS customer_id, customer_name
  FROM (${branches.join('\nUNION ALL\n')}) u
  ORDER BY at DESC, kind COLLATE "C" DESC, id_key COLLATE "C" DESC
  LIMIT ${p.add(limit + 1)}::int`;

  const [rows, echo] = await Promise.all([
    sql ? ctx.source.query<ActivityRow>(sql, p.values as SqlParam[]) : Promise.resolve([]),
    echoFilters(ctx.source, filters, scope),
  ]);

  const page = rows.slice(0, limit);
  const items = page.map(toItem);
  // The built-in commerce feed's own words ("Order #48000", the state `sale`) in the request's language;
  // a host's sources are shown as their SQL writes them.
  const locale = params.locale;
  const commerce = locale !== undefined && sources.includes(COMMERCE_ORDER_ACTIVITY);
  if (commerce) {
    for (const item of items) {
      if (item.kind !== COMMERCE_ORDER_ACTIVITY.kind) continue;
      item.title = commerceOrderTitle(item.id, locale);
      if (item.status !== undefined) item.status = commerceOrderState(item.status, locale);
    }
  }
  const last = page.at(-1);
  return {
    items,
    ...(rows.length > limit && last
      ? { next: encodeActivityCursor({ at: last.at_key, kind: last.kind, id: last.id_key }) }
      : {}),
    limit,
    ...echo,
  };
}

function toItem(r: ActivityRow): ActivityItem {
  return {
    id: r.id,
    kind: r.kind,
    at: r.at_iso,
    title: r.title ?? '',
    ...(r.detail !== null ? { detail: r.detail } : {}),
    ...(r.amount !== null ? { amount: r.amount } : {}),
    ...(r.status !== null ? { status: r.status } : {}),
    ...(r.customer_id !== null ? { customer: { id: r.customer_id, name: r.customer_name ?? '' } } : {}),
  };
}

export const ACTIVITY_REPORT: ReportModule<ActivityParams, Body<ActivityResponse>> = {
  topics: activityTopics,
  compute: (ctx, definition, params, scope) =>
    activityReport(ctx, definition, mappingOrFail(definition), params, scope),
};
