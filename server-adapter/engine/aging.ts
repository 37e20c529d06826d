/**
 * Accounts-receivable aging (`v1/aging`, SPEC §4): open invoices as of a day,
 * bucketed by days past due (or since issue), per customer and in total.
 * One statement: every sum, count and the page come out of SQL.
 */
import { agingBucketLabel } from './labels.js';
import {
  AGING_SORTS,
  bucketIds,
  DEFAULT_BUCKET_BOUNDS,
  DEFAULT_LIMIT,
  type AgingBucket,
  type AgingCustomer,
  type AgingParams,
  type AgingResponse,
  type Topic,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { SqlParam } from '../sources/source.js';
import { todayIn } from './calendar.js';
import { DEFAULT_AGING_MAPPING, type AgingMapping } from './reports-config.js';
import { type DimensionFilter, echoFilters, filterConds, filterTopics, tableFilters } from './dimensions.js';
import { type Definition, sortedTopics } from './metrics.js';
import { EXPORT_BATCH_ROWS, Params, qualified, quoteIdent, streamRows } from './sql.js';
import type { Body, EngineContext, ReportModule } from './types.js';

/** "At risk" means money more than this many days past its due date (SPEC §4), whatever the buckets. */
export const AT_RISK_DAYS = 90;

export type AgingBasis = 'due' | 'invoice';

/**
 * The buckets for ascending upper bounds: `current` (≤ 0 days), one per
 * inclusive range, and an open-ended last one. Ids match `bucketIds()`.
 */
export function agingBuckets(bounds: readonly number[], locale = 'en'): AgingBucket[] {
  const ids = bucketIds(bounds);
  const label = (from: number | null, to: number | null) => agingBucketLabel(from, to, locale);
  const buckets: AgingBucket[] = [{ id: ids[0] ?? 'current', label: label(null, 0), fromDays: null, toDays: 0 }];
  let from = 1;
  bounds.forEach((to, i) => {
    buckets.push({ id: ids[i + 1] ?? '', label: label(from, to), fromDays: from, toDays: to });
    from = to + 1;
  });
  buckets.push({ id: ids[ids.length - 1] ?? '', label: label(from, null), fromDays: from, toDays: null });
  return buckets;
}

/** SQL pieces over one invoices row `i` as of a date: how much is due, how late, which bucket. */
export interface OpenInvoiceSql {
  /** `amount − amount_paid`, numeric. */
  due: string;
  /** asOf − due date, integer days. */
  daysOverdue: string;
  /** 0 for `current`, k for the k-th bucket after it (index into the bucket list). */
  bucket: string;
  /** Issued on or before asOf and not fully paid. */
  isOpen: string;
}

/** Builds the per-invoice expressions shared by the report and its drill-down; binds asOf and bounds on `p`. */
export function openInvoiceSql(
  m: AgingMapping,
  p: Params,
  asOf: string,
  basis: AgingBasis,
  bounds: readonly number[],
): OpenInvoiceSql {
  const col = (name: string) => `i.${quoteIdent(name)}`;
  const day = `${p.add(asOf)}::date`;
  const due = `(${col(m.invoices.amount)}::numeric - coalesce(${col(m.invoices.amountPaid)}::numeric, 0))`;
  const daysOverdue = `(${day} - ${col(m.invoices.dueOn)}::date)`;
  const age = basis === 'invoice' ? `(${day} - ${col(m.invoices.issuedOn)}::date)` : daysOverdue;
  // width_bucket against the first day of each non-current bucket: 0 below 1 day, k from the k-th lower bound on.
  const lower = [1, ...bounds.map((b) => b + 1)];
  return {
    due,
    daysOverdue,
    bucket: `width_bucket(${age}, ${p.add(lower)}::int[])`,
    isOpen: `${col(m.invoices.issuedOn)}::date <= ${day} AND ${due} > 0`,
  };
}

/** Escapes `%`, `_` and `\` so a search term matches literally inside ILIKE … ESCAPE '\'. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/**
 * The caller's `customer_id` row filter, if any. It is compared with the
 * customers' id column in that column's own type (`c.id = $n`), exactly as
 * the metrics compare it (compile.ts): PostgreSQL reads `" 495"` and `"0495"`
 * as 495 for an integer id in every report, and a value that is no such id
 * (`"acme"`) is refused in every report (403, filterTypeError) — one rule.
 */
export function scopedCustomer(scope: Scope): string | undefined {
  const value = scope.filters['customer_id'];
  return value === undefined ? undefined : String(value);
}

// Sort keys other than bucket ids, and the per_customer column each orders by.
const FIXED_SORTS: Record<(typeof AGING_SORTS)[number], string> = {
  name: 'name',
  total: 'total',
  overdue: 'overdue',
  invoices: 'invoices',
  oldest: 'oldest',
};

interface AgingRow extends CustomerRow {
  s_customers: number;
  s_receivable: string;
  s_overdue: string;
  s_ratio: number;
  s_invoices: number;
  s_average: number | null;
  s_at_risk: number;
  s_buckets: string[];
  pos: number | null;
}

/** The statement pieces shared by the report (a page and the totals) and its export (every row). */
interface AgingQuery {
  p: Params;
  asOf: string;
  basis: AgingBasis;
  buckets: AgingBucket[];
  /** `WITH open_invoices AS (…), per_customer AS (…)`: one row per customer matching the filters. */
  perCustomer: string;
  /** The page order: the requested sort, then name and id so the order is total. */
  orderBy: string;
  /** `b0`, `b1`, …: per_customer's column for each bucket's amount. */
  bucketCols: string[];
}

function agingQuery(
  ctx: EngineContext,
  params: AgingParams,
  scope: Scope,
  mapping: AgingMapping,
  filters: readonly DimensionFilter[],
): AgingQuery {
  const asOf = params.asOf ?? todayIn(ctx.now(), ctx.timezone);
  const basis = params.basis ?? 'due';
  const bounds = params.buckets ?? DEFAULT_BUCKET_BOUNDS;
  const buckets = agingBuckets(bounds, params.locale ?? ctx.locale);
  const sort = params.sort ?? 'overdue';
  const order = params.order ?? (sort === 'name' ? 'asc' : 'desc');

  const p = new Params();
  const inv = openInvoiceSql(mapping, p, asOf, basis, bounds);
  const invoices = qualified(mapping.invoices.table);
  const customers = qualified(mapping.customers.table);
  const cid = quoteIdent(mapping.customers.id);
  const cname = quoteIdent(mapping.customers.name);
  const icust = `i.${quoteIdent(mapping.invoices.customerId)}`;

  const scoped = scopedCustomer(scope);
  const scopeSql =
    scoped === undefined
      ? ''
      : ` AND ${icust} IN (SELECT sc.${cid} FROM ${customers} sc WHERE sc.${cid} = ${p.add(scoped)})`;

  // Filters narrow the invoices, the customers, or both, wherever their dimension maps a column.
  const invoiceFilters = filterConds(mapping.invoices.table, 'i', filters, p).map((c) => ` AND ${c}`);
  const search = params.search?.trim() ?? '';
  const customerConds = [
    ...(search === ''
      ? []
      : [
          `(c.${cname}::text ILIKE ${p.add(`%${likeLiteral(search)}%`)} ESCAPE '\\' OR c.${cid}::text = ${p.add(search)})`,
        ]),
    ...filterConds(mapping.customers.table, 'c', filters, p),
  ];
  const searchSql = customerConds.length ? `WHERE ${customerConds.join(' AND ')}` : '';
  const bucketIndex = params.bucket === undefined ? -1 : buckets.findIndex((b) => b.id === params.bucket);
  const having = [
    ...(params.minAmount === undefined ? [] : [`sum(o.due) >= ${p.add(params.minAmount)}::numeric`]),
    // "Customers with an amount in that bucket": a positive amount due there (the index is from the bucket list).
    ...(bucketIndex < 0 ? [] : [`coalesce(sum(o.due) FILTER (WHERE o.bucket = ${bucketIndex}), 0) > 0`]),
  ];
  const minSql = having.length ? `HAVING ${having.join(' AND ')}` : '';

  // Bucket k's amount is column b<k>; the indexes come from the bucket list, not from the request.
  const bucketCols = buckets.map((_, k) => `b${k}`);
  const sortIndex = buckets.findIndex((b) => b.id === sort);
  const sortCol = sortIndex >= 0 ? `b${sortIndex}` : FIXED_SORTS[sort as keyof typeof FIXED_SORTS];
  if (!sortCol) throw new Error(`aging: unknown sort ${sort}`); // AgingParams already rejects it
  const orderBy = `${sortCol} ${order === 'asc' ? 'ASC' : 'DESC'}, name ASC, id ASC`;

  const perCustomer = `
WITH open_invoices AS (
  SELECT ${icust} AS customer_id, ${inv.due} AS due, ${inv.daysOverdue} AS days_overdue, ${inv.bucket} AS bucket
  FROM ${invoices} i
  WHERE ${inv.isOpen}${scopeSql}${invoiceFilters.join('')}
),
per_customer AS (
  SELECT c.${cid} AS id, coalesce(c.${cname}::text, '') AS name,
    sum(o.due) AS total,
    coalesce(sum(o.due) FILTER (WHERE o.days_overdue > 0), 0) AS overdue,
    count(*)::int AS invoices,
    max(o.days_overdue)::int AS oldest,
    count(*) FILTER (WHERE o.days_overdue > 0) AS overdue_invoices,
    sum(o.days_overdue) FILTER (WHERE o.days_overdue > 0) AS overdue_days,
    bool_or(o.days_overdue > ${p.add(AT_RISK_DAYS)}::int) AS at_risk,
    ${bucketCols.map((b, k) => `coalesce(sum(o.due) FILTER (WHERE o.bucket = ${k}), 0) AS ${b}`).join(',\n    ')}
  FROM open_invoices o
  JOIN ${customers} c ON c.${cid} = o.customer_id
  ${searchSql}
  GROUP BY c.${cid}, c.${cname}
  ${minSql}
)`;
  return { p, asOf, basis, buckets, perCustomer, orderBy, bucketCols };
}

/** A per_customer row, as the report's page and the export read it. */
interface CustomerRow {
  id: string | number | null;
  name: string;
  total: string;
  overdue: string;
  invoices: number;
  oldest: number;
  buckets: string[];
}

function customerOf(r: CustomerRow, buckets: readonly AgingBucket[]): AgingCustomer {
  return {
    id: r.id as string | number,
    name: r.name,
    total: r.total,
    overdue: r.overdue,
    buckets: Object.fromEntries(buckets.map((b, k) => [b.id, r.buckets[k] ?? '0'])),
    invoices: r.invoices,
    oldestDaysOverdue: r.oldest,
  };
}

/**
 * The aging report. Summary and bucket totals cover every customer matching
 * `search`, `minAmount`, `bucket` and the filters; `customers` is the
 * requested page of them.
 */
export async function agingReport(
  ctx: EngineContext,
  params: AgingParams,
  scope: Scope,
  mapping: AgingMapping = DEFAULT_AGING_MAPPING,
  filters: readonly DimensionFilter[] = [],
): Promise<Body<AgingResponse>> {
  const { p, asOf, basis, buckets, perCustomer, orderBy, bucketCols } = agingQuery(
    ctx,
    params,
    scope,
    mapping,
    filters,
  );
  const limit = params.limit ?? DEFAULT_LIMIT;
  const offset = params.offset ?? 0;

  const sql = `${perCustomer},
summary AS (
  SELECT count(*)::int AS customers,
    coalesce(sum(total), 0) AS receivable,
    coalesce(sum(overdue), 0) AS overdue,
    coalesce(sum(invoices), 0)::int AS invoices,
    round(sum(overdue_days)::numeric / nullif(sum(overdue_invoices), 0), 1)::float8 AS average,
    count(*) FILTER (WHERE at_risk)::int AS at_risk,
    ARRAY[${bucketCols.map((b) => `coalesce(sum(${b}), 0)::text`).join(', ')}] AS buckets
  FROM per_customer
),
page AS (
  SELECT *, row_number() OVER (ORDER BY ${orderBy}) AS pos
  FROM per_customer
  ORDER BY ${orderBy}
  LIMIT ${p.add(limit)}::int OFFSET ${p.add(offset)}::bigint
)
SELECT s.customers AS s_customers, s.receivable::text AS s_receivable, s.overdue::text AS s_overdue,
  coalesce((s.overdue / nullif(s.receivable, 0))::float8, 0) AS s_ratio,
  s.invoices AS s_invoices, s.average AS s_average, s.at_risk AS s_at_risk, s.buckets AS s_buckets,
  pr.pos, pr.id, pr.name, pr.total::text AS total, pr.overdue::text AS overdue, pr.invoices, pr.oldest,
  ARRAY[${bucketCols.map((b) => `pr.${b}::text`).join(', ')}] AS buckets
FROM summary s
LEFT JOIN page pr ON true
ORDER BY pr.pos`;

  const [rows, echo] = await Promise.all([
    ctx.source.query<AgingRow>(sql, p.values as SqlParam[]),
    echoFilters(ctx.source, filters, scope),
  ]);
  const first = rows[0];
  if (!first) throw new Error('aging: the summary query returned no row');
  const byBucket = (amounts: readonly string[]) => Object.fromEntries(buckets.map((b, k) => [b.id, amounts[k] ?? '0']));
  const page = rows.filter((r) => r.pos !== null && r.id !== null).map((r) => customerOf(r, buckets));

  return {
    asOf,
    basis,
    buckets,
    totals: byBucket(first.s_buckets),
    summary: {
      customers: first.s_customers,
      receivable: first.s_receivable,
      overdue: first.s_overdue,
      overdueRatio: first.s_ratio,
      invoices: first.s_invoices,
      averageDaysOverdue: first.s_average,
      atRiskCustomers: first.s_at_risk,
    },
    customers: page,
    total: first.s_customers,
    limit,
    offset,
    ...(params.bucket === undefined ? {} : { bucket: params.bucket }),
    ...echo,
  };
}

/**
 * Every customer row of the aging report, in the report's order, `batchSize`
 * at a time: ONE statement for the whole export (a cursor where the source
 * has one), not one per page — each page would re-run the aggregate.
 * `limit` and `offset` are ignored.
 */
export async function* agingRows(
  ctx: EngineContext,
  params: AgingParams,
  scope: Scope,
  mapping: AgingMapping = DEFAULT_AGING_MAPPING,
  filters: readonly DimensionFilter[] = [],
  batchSize: number = EXPORT_BATCH_ROWS,
): AsyncGenerator<AgingCustomer[], void, undefined> {
  const { p, buckets, perCustomer, orderBy, bucketCols } = agingQuery(ctx, params, scope, mapping, filters);
  const sql = `${perCustomer}
SELECT id, name, total::text AS total, overdue::text AS overdue, invoices, oldest,
  ARRAY[${bucketCols.map((b) => `${b}::text`).join(', ')}] AS buckets
FROM per_customer
ORDER BY ${orderBy}`;
  for await (const batch of streamRows<CustomerRow>(ctx.source, sql, p.values as SqlParam[], batchSize)) {
    yield batch.map((r) => customerOf(r, buckets));
  }
}

/** Open invoices and the customers they name: what aging and its drill-down read. */
export const AGING_TOPICS: readonly Topic[] = Object.freeze(['customers', 'invoices']);

/** Aging reads a customer's invoices only for a caller narrowed to `customer_id`. */
export const AGING_ROW_FILTERS: readonly string[] = Object.freeze(['customer_id']);

/** The tables aging reads, as dimensions map them. */
const agingTables = (mapping: AgingMapping) => [mapping.invoices.table, mapping.customers.table];

/** The filters of a request that narrow aging (a 400 naming `filter` for one that cannot). */
function agingFilters(definition: Definition, params: AgingParams): DimensionFilter[] {
  return tableFilters(definition, params.filter, 'aging', agingTables(definition.aging ?? DEFAULT_AGING_MAPPING));
}

export const AGING_REPORT: ReportModule<AgingParams, Body<AgingResponse>, AgingCustomer> = {
  topics: (definition, params) => sortedTopics([...AGING_TOPICS, ...filterTopics(agingFilters(definition, params))]),
  rowFilters: AGING_ROW_FILTERS,
  compute: (ctx, definition, params, scope) =>
    agingReport(ctx, params, scope, definition.aging ?? DEFAULT_AGING_MAPPING, agingFilters(definition, params)),
  rows: (ctx, definition, params, scope) =>
    agingRows(ctx, params, scope, definition.aging ?? DEFAULT_AGING_MAPPING, agingFilters(definition, params)),
};
