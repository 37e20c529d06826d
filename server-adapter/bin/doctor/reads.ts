/**
 * What a definition reads from the database, table by table: every column
 * with the kind of value the engine expects there, and the SQL fragments
 * (`where`, `expression`) that only the database can check. `dashkit
 * doctor` (inspect.ts) compares this with the catalog.
 */
import type { AggregateSpec, Definition, MetricDef, TimedAggregateSpec } from '../../engine/metrics.js';
import { DEFAULT_AGING_MAPPING, DEFAULT_LOW_STOCK_MAPPING } from '../../engine/reports-config.js';
import { qualified, quoteIdent } from '../../engine/sql.js';

/**
 * What a column must hold: an `instant` (timestamptz, placed in the
 * dashboard zone by the engine), a calendar `date`, an exact `amount`, a
 * whole `count`, or anything comparable (`key`, `label`, `state`).
 */
export type ColumnUse = 'instant' | 'date' | 'amount' | 'count' | 'key' | 'label' | 'state';

export interface ColumnRead {
  column: string;
  use: ColumnUse;
  /** Who reads it, for the report: `metric revenue`, `the aging report`. */
  by: string;
}

/** A statement the database must be able to plan: a metric's aggregate with its `where`. */
export interface Probe {
  by: string;
  sql: string;
}

export interface TableRead {
  /** As configured: `orders`, `billing.invoices`. */
  table: string;
  /** A missing optional table is not a problem (order lines: demand is left out). */
  optional: boolean;
  columns: ColumnRead[];
  probes: Probe[];
}

const aggregateSql = (spec: AggregateSpec): string => {
  const value = spec.expression ?? (spec.column === undefined ? undefined : quoteIdent(spec.column));
  const today = (sql: string) => sql.replaceAll('{today}', 'CURRENT_DATE');
  switch (spec.aggregate) {
    case 'count':
      return value === undefined ? 'count(*)' : `count(${today(value)})`;
    case 'count_distinct':
      return `count(DISTINCT ${today(value ?? '*')})`;
    default:
      return `${spec.aggregate}(${today(value ?? 'NULL')})`;
  }
};

/** Reads of one definition, merged per table in the order they come. */
export function definitionReads(definition: Definition): TableRead[] {
  const tables = new Map<string, TableRead>();
  const table = (name: string, optional = false): TableRead => {
    let read = tables.get(name);
    if (!read) tables.set(name, (read = { table: name, optional, columns: [], probes: [] }));
    read.optional &&= optional;
    return read;
  };
  const column = (name: string, read: ColumnRead) => {
    const t = tables.get(name) ?? table(name);
    if (!t.columns.some((c) => c.column === read.column && c.use === read.use)) t.columns.push(read);
  };

  const aggregate = (spec: AggregateSpec | TimedAggregateSpec, by: string) => {
    table(spec.table);
    if ('time' in spec && spec.time !== undefined) {
      column(spec.table, { column: spec.time, use: spec.timeType === 'date' ? 'date' : 'instant', by });
    }
    if (spec.column !== undefined) {
      const use: ColumnUse = spec.aggregate === 'sum' || spec.aggregate === 'avg' ? 'amount' : 'key';
      column(spec.table, { column: spec.column, use, by });
    }
    for (const filterColumn of Object.values(spec.filterColumns ?? {})) {
      column(spec.table, { column: filterColumn, use: 'key', by });
    }
    // The aggregate and its condition as the engine runs them, planned but reading no row.
    const where = (spec.where ?? 'TRUE').replaceAll('{today}', 'CURRENT_DATE');
    table(spec.table).probes.push({
      by,
      sql: `SELECT ${aggregateSql(spec)} FROM ${qualified(spec.table)} WHERE (${where}) AND FALSE`,
    });
  };

  const metric = (m: MetricDef) => {
    const by = `metric ${m.id}`;
    if (m.kind === 'sql' || m.kind === 'snapshot') aggregate(m, by);
    if (m.kind === 'ratio') {
      for (const side of [m.numerator, m.denominator]) if (typeof side !== 'string') aggregate(side, by);
    }
  };
  definition.metrics.forEach(metric);

  for (const b of definition.breakdowns) {
    const by = `breakdown ${b.id}`;
    column(b.table, { column: b.key, use: 'key', by });
    column(b.table, { column: b.labelColumn, use: 'label', by });
  }

  const aging = definition.aging ?? DEFAULT_AGING_MAPPING;
  const inv = aging.invoices;
  for (const [name, use] of [
    [inv.id, 'key'],
    [inv.number, 'label'],
    [inv.customerId, 'key'],
    [inv.issuedOn, 'date'],
    [inv.dueOn, 'date'],
    [inv.amount, 'amount'],
    [inv.amountPaid, 'amount'],
  ] as const) {
    column(inv.table, { column: name, use, by: 'the aging report' });
  }
  column(aging.customers.table, { column: aging.customers.id, use: 'key', by: 'the aging report' });
  column(aging.customers.table, { column: aging.customers.name, use: 'label', by: 'the aging report' });

  const stock = definition.lowStock ?? DEFAULT_LOW_STOCK_MAPPING;
  const p = stock.products;
  for (const [name, use] of [
    [p.id, 'key'],
    [p.sku, 'label'],
    [p.name, 'label'],
    [p.quantity, 'count'],
    [p.reorderLevel, 'count'],
  ] as const) {
    column(p.table, { column: name, use, by: 'the low-stock report' });
  }
  const lines = stock.orderLines === undefined ? DEFAULT_LOW_STOCK_MAPPING.orderLines : stock.orderLines;
  if (lines) {
    table(lines.table, true);
    const by = 'the low-stock report (demand)';
    column(lines.table, { column: lines.orderId, use: 'key', by });
    column(lines.table, { column: lines.productId, use: 'key', by });
    column(lines.table, { column: lines.quantity, use: 'count', by });
    const orders = stock.orders ?? DEFAULT_LOW_STOCK_MAPPING.orders;
    if (orders) {
      column(orders.table, { column: orders.id, use: 'key', by });
      column(orders.table, { column: orders.time, use: 'instant', by });
      if (orders.state) column(orders.table, { column: orders.state, use: 'state', by });
    }
  }
  return [...tables.values()];
}

/** The time columns a period query filters on, per table: each needs an index a range can use. */
export function timeColumns(reads: readonly TableRead[]): { table: string; column: string; use: ColumnUse }[] {
  return reads.flatMap((t) =>
    t.columns
      .filter((c) => c.use === 'instant' || (c.use === 'date' && c.by.startsWith('metric ')))
      .filter((c, i, all) => all.findIndex((o) => o.column === c.column) === i)
      .map((c) => ({ table: t.table, column: c.column, use: c.use })),
  );
}
