/**
 * Low stock (`v1/low-stock`, SPEC §4): products at or below their reorder
 * level, most urgent first, with daily demand and days of cover when order
 * lines are available. One statement per request (plus a one-off check that
 * the order-lines table exists).
 */
import {
  DEFAULT_LIMIT,
  type LowStockItem,
  type LowStockParams,
  type LowStockResponse,
  type Topic,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { Source, SqlParam } from '../sources/source.js';
import { todayIn } from './calendar.js';
import { type DimensionFilter, echoFilters, filterConds, filterTopics, tableFilters } from './dimensions.js';
import { type Definition, sortedTopics } from './metrics.js';
import { DEFAULT_CONFIRMED_STATES, DEFAULT_LOW_STOCK_MAPPING, type LowStockMapping } from './reports-config.js';
import { dayStartSql, EXPORT_BATCH_ROWS, Params, qualified, quoteIdent, streamRows } from './sql.js';
import type { Body, EngineContext, ReportModule } from './types.js';

/** Demand is averaged over the 30 local days ending today (SPEC §2: "over the last 30 days"). */
export const DEMAND_WINDOW_DAYS = 30;

type OrderLines = NonNullable<LowStockMapping['orderLines']>;
type Orders = NonNullable<LowStockMapping['orders']>;

// Whether a source has the order-lines tables, asked once per source and table pair.
const demandTables = new WeakMap<Source, Map<string, Promise<boolean>>>();

function hasTables(source: Source, tables: readonly string[]): Promise<boolean> {
  let known = demandTables.get(source);
  if (!known) demandTables.set(source, (known = new Map()));
  const key = tables.join('\u0000');
  let answer = known.get(key);
  if (!answer) {
    const p = new Params();
    const checks = tables.map((t) => `to_regclass(${p.add(qualified(t))}::text) IS NOT NULL`).join(' AND ');
    answer = source
      .query<{ ok: boolean }>(`SELECT ${checks} AS ok`, p.values as SqlParam[])
      .then((rows) => rows[0]?.ok === true);
    // A failed check (source down) is not an answer: ask again next time.
    answer.catch(() => known.delete(key));
    known.set(key, answer);
  }
  return answer;
}

interface ItemRow {
  id: string | number | null;
  sku: string;
  name: string;
  quantity: number;
  reorder_level: number;
  daily_demand: number | null;
  days_of_cover: number | null;
}

interface LowStockRow extends ItemRow {
  s_total: number;
  s_out: number;
  pos: number | null;
}

/** The statement pieces shared by the report (a page and the counts) and its export (every item). */
interface LowStockQuery {
  p: Params;
  withDemand: boolean;
  /** `WITH low AS (…), [demand AS (…),] items AS (…)`: one row per product at or below its reorder level. */
  items: string;
  /** Most urgent first, ending with the id so the order is total. */
  urgency: string;
}

async function lowStockQuery(
  ctx: EngineContext,
  mapping: LowStockMapping,
  filters: readonly DimensionFilter[],
): Promise<LowStockQuery> {
  const lines = mapping.orderLines;
  const orders = mapping.orders ?? DEFAULT_LOW_STOCK_MAPPING.orders;
  const withDemand = !!lines && !!orders && (await hasTables(ctx.source, [lines.table, orders.table]));

  const p = new Params();
  const prod = mapping.products;
  const col = (name: string) => `pr.${quoteIdent(name)}`;
  const demandSql = withDemand && lines && orders ? demandCte(p, ctx, lines, orders) : '';
  const narrowed = filterConds(prod.table, 'pr', filters, p).map((c) => ` AND ${c}`);

  const urgency = [
    '(quantity <= 0) DESC',
    ...(withDemand ? ['days_of_cover ASC NULLS LAST'] : []),
    'quantity::numeric / NULLIF(reorder_level, 0) ASC NULLS LAST',
    'id ASC',
  ].join(', ');

  const items = `
WITH low AS (
  SELECT ${col(prod.id)} AS id, coalesce(${col(prod.sku)}::text, '') AS sku, coalesce(${col(prod.name)}::text, '') AS name,
    ${col(prod.quantity)}::int AS quantity, ${col(prod.reorderLevel)}::int AS reorder_level
  FROM ${qualified(prod.table)} pr
  WHERE ${col(prod.quantity)} <= ${col(prod.reorderLevel)}${narrowed.join('')}
)${demandSql},
items AS (
  SELECT low.*${
    withDemand
      ? `,
    round(coalesce(d.units, 0) / ${p.add(DEMAND_WINDOW_DAYS)}::numeric, 2)::float8 AS daily_demand,
    CASE WHEN low.quantity <= 0 THEN 0
         WHEN d.units > 0 THEN round(low.quantity * ${p.add(DEMAND_WINDOW_DAYS)}::numeric / d.units, 1)::float8
    END AS days_of_cover`
      : `,
    NULL::float8 AS daily_demand, NULL::float8 AS days_of_cover`
  }
  FROM low${withDemand ? ' LEFT JOIN demand d ON d.product_id = low.id' : ''}
)`;
  return { p, withDemand, items, urgency };
}

function itemOf(r: ItemRow, withDemand: boolean): LowStockItem {
  return {
    id: r.id as string | number,
    sku: r.sku,
    name: r.name,
    quantity: r.quantity,
    reorderLevel: r.reorder_level,
    status: r.quantity <= 0 ? 'out' : 'low',
    ...(withDemand ? { dailyDemand: r.daily_demand, daysOfCover: r.days_of_cover } : {}),
  };
}

/**
 * The low-stock report. It reads no customer data, so the caller's row
 * filters do not narrow it; a filter on a dimension that maps the products
 * table (a category, a supplier) does.
 */
export async function lowStockReport(
  ctx: EngineContext,
  params: LowStockParams,
  scope: Scope,
  mapping: LowStockMapping = DEFAULT_LOW_STOCK_MAPPING,
  filters: readonly DimensionFilter[] = [],
): Promise<Body<LowStockResponse>> {
  const limit = params.limit ?? DEFAULT_LIMIT;
  const offset = params.offset ?? 0;
  const { p, withDemand, items, urgency } = await lowStockQuery(ctx, mapping, filters);

  const sql = `${items},
summary AS (
  SELECT count(*)::int AS total, count(*) FILTER (WHERE quantity <= 0)::int AS out_of_stock FROM items
),
page AS (
  SELECT *, row_number() OVER (ORDER BY ${urgency}) AS pos
  FROM items
  ORDER BY ${urgency}
  LIMIT ${p.add(limit)}::int OFFSET ${p.add(offset)}::bigint
)
SELECT s.total AS s_total, s.out_of_stock AS s_out, pa.*
FROM summary s
LEFT JOIN page pa ON true
ORDER BY pa.pos`;

  const [rows, echo] = await Promise.all([
    ctx.source.query<LowStockRow>(sql, p.values as SqlParam[]),
    echoFilters(ctx.source, filters, scope),
  ]);
  const first = rows[0];
  if (!first) throw new Error('low-stock: the summary query returned no row');
  const page = rows.filter((r) => r.pos !== null && r.id !== null).map((r) => itemOf(r, withDemand));
  return { items: page, outOfStock: first.s_out, total: first.s_total, limit, offset, ...echo };
}

/**
 * Every item of the low-stock report, most urgent first, `batchSize` at a
 * time, from ONE statement (see `agingRows`). `limit` and `offset` are ignored.
 */
export async function* lowStockRows(
  ctx: EngineContext,
  mapping: LowStockMapping = DEFAULT_LOW_STOCK_MAPPING,
  filters: readonly DimensionFilter[] = [],
  batchSize: number = EXPORT_BATCH_ROWS,
): AsyncGenerator<LowStockItem[], void, undefined> {
  const { p, withDemand, items, urgency } = await lowStockQuery(ctx, mapping, filters);
  const sql = `${items}
SELECT * FROM items ORDER BY ${urgency}`;
  for await (const batch of streamRows<ItemRow>(ctx.source, sql, p.values as SqlParam[], batchSize)) {
    yield batch.map((r) => itemOf(r, withDemand));
  }
}

/**
 * Units of each low product sold in confirmed orders placed in the window
 * [start(today − 29), start(today + 1)) in the dashboard time zone.
 */
function demandCte(p: Params, ctx: EngineContext, lines: OrderLines, orders: Orders): string {
  const l = (name: string) => `l.${quoteIdent(name)}`;
  const o = (name: string) => `o.${quoteIdent(name)}`;
  const tz = p.add(ctx.timezone);
  const today = `${p.add(todayIn(ctx.now(), ctx.timezone))}::date`;
  const from = dayStartSql(`(${today} - ${p.add(DEMAND_WINDOW_DAYS - 1)}::int)`, tz);
  const to = dayStartSql(`(${today} + 1)`, tz);
  const stateSql = orders.state
    ? ` AND ${o(orders.state)}::text = ANY(${p.add([...(orders.confirmedStates ?? DEFAULT_CONFIRMED_STATES)])}::text[])`
    : '';
  return `,
demand AS (
  SELECT ${l(lines.productId)} AS product_id, greatest(sum(${l(lines.quantity)}), 0)::numeric AS units
  FROM ${qualified(lines.table)} l
  JOIN ${qualified(orders.table)} o ON ${o(orders.id)} = ${l(lines.orderId)}
  WHERE ${l(lines.productId)} IN (SELECT id FROM low)
    AND ${o(orders.time)} >= ${from} AND ${o(orders.time)} < ${to}${stateSql}
  GROUP BY ${l(lines.productId)}
)`;
}

/** Stock levels, and the orders whose lines give the daily demand. */
export const LOW_STOCK_TOPICS: readonly Topic[] = Object.freeze(['orders', 'products']);

/** The one table a filter can narrow low stock by: its products. */
const lowStockTables = (mapping: LowStockMapping) => [mapping.products.table];

/** The filters of a request that narrow low stock (a 400 naming `filter` for one that cannot). */
function lowStockFilters(definition: Definition, params: LowStockParams): DimensionFilter[] {
  const mapping = definition.lowStock ?? DEFAULT_LOW_STOCK_MAPPING;
  return tableFilters(definition, params.filter, 'low-stock', lowStockTables(mapping));
}

export const LOW_STOCK_REPORT: ReportModule<LowStockParams, Body<LowStockResponse>, LowStockItem> = {
  topics: (definition, params) =>
    sortedTopics([...LOW_STOCK_TOPICS, ...filterTopics(lowStockFilters(definition, params))]),
  // Products are nobody's rows: a caller narrowed to a customer reads them shop-wide (refused by default).
  rowFilters: [],
  compute: (ctx, definition, params, scope) =>
    lowStockReport(
      ctx,
      params,
      scope,
      definition.lowStock ?? DEFAULT_LOW_STOCK_MAPPING,
      lowStockFilters(definition, params),
    ),
  rows: (ctx, definition, params) =>
    lowStockRows(ctx, definition.lowStock ?? DEFAULT_LOW_STOCK_MAPPING, lowStockFilters(definition, params)),
};
