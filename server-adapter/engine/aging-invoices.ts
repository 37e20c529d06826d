/**
 * Aging drill-down (`v1/aging/customers/{id}/invoices`): one customer's open
 * invoices as of a day, with the same amounts and buckets as the report.
 */
import {
  DEFAULT_BUCKET_BOUNDS,
  type AgingInvoice,
  type AgingInvoicesParams,
  type AgingInvoicesResponse,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { NotFoundInDataError } from './errors.js';
import type { SqlParam } from '../sources/source.js';
import { AGING_ROW_FILTERS, AGING_TOPICS, agingBuckets, openInvoiceSql, scopedCustomer } from './aging.js';
import { todayIn } from './calendar.js';
import { DEFAULT_AGING_MAPPING, type AgingMapping } from './reports-config.js';
import { Params, qualified, quoteIdent } from './sql.js';
import type { Body, EngineContext, ReportModule } from './types.js';

/** The customer's columns, then one invoice's (all null when the customer has no open invoice). */
type InvoiceRow = { id: string | number; name: string } & (
  | {
      present: true;
      number: string;
      issued_on: string;
      due_on: string;
      amount_due: string;
      days_overdue: number;
      bucket: number;
    }
  | { present: null }
);

/**
 * Lists a customer's open invoices, by due date then number. The id is
 * compared as text, so an id the column cannot hold ("abc" for an integer
 * key) is simply unknown: 404, like a customer outside the caller's scope.
 */
export async function agingInvoices(
  ctx: EngineContext,
  customerId: string,
  params: AgingInvoicesParams,
  scope: Scope,
  mapping: AgingMapping = DEFAULT_AGING_MAPPING,
): Promise<Body<AgingInvoicesResponse>> {
  const asOf = params.asOf ?? todayIn(ctx.now(), ctx.timezone);
  const basis = params.basis ?? 'due';
  const bounds = params.buckets ?? DEFAULT_BUCKET_BOUNDS;
  const buckets = agingBuckets(bounds, params.locale ?? ctx.locale);

  const p = new Params();
  const cid = quoteIdent(mapping.customers.id);
  const cname = quoteIdent(mapping.customers.name);
  const col = (name: string) => `i.${quoteIdent(name)}`;
  const scoped = scopedCustomer(scope);
  // The row filter in the column's type, as every report compares it (scopedCustomer); the path id as text.
  const scopeSql = scoped === undefined ? '' : ` AND c.${cid} = ${p.add(scoped)}`;
  const idParam = p.add(customerId);
  const inv = openInvoiceSql(mapping, p, asOf, basis, bounds);

  // The LATERAL join matches invoices on the customer's own key value, so an
  // index on the invoices' customer column is used.
  const sql = `
WITH customer AS (
  SELECT c.${cid} AS id, coalesce(c.${cname}::text, '') AS name
  FROM ${qualified(mapping.customers.table)} c
  WHERE c.${cid}::text = ${idParam}${scopeSql}
  LIMIT 1
)
SELECT cu.id, cu.name, iv.present, iv.number, iv.issued_on, iv.due_on, iv.amount_due, iv.days_overdue, iv.bucket
FROM customer cu
LEFT JOIN LATERAL (
  SELECT true AS present,
    coalesce(${col(mapping.invoices.number)}::text, '') AS number,
    to_char(${col(mapping.invoices.issuedOn)}::date, 'YYYY-MM-DD') AS issued_on,
    to_char(${col(mapping.invoices.dueOn)}::date, 'YYYY-MM-DD') AS due_on,
    ${inv.due}::text AS amount_due,
    ${inv.daysOverdue}::int AS days_overdue,
    ${inv.bucket} AS bucket,
    ${col(mapping.invoices.dueOn)}::date AS due_sort,
    ${col(mapping.invoices.id)} AS id_sort
  FROM ${qualified(mapping.invoices.table)} i
  WHERE ${col(mapping.invoices.customerId)} = cu.id AND ${inv.isOpen}
) iv ON true
ORDER BY iv.due_sort, iv.number, iv.id_sort`;

  const rows = await ctx.source.query<InvoiceRow>(sql, p.values as SqlParam[]);
  const first = rows[0];
  if (!first) throw new NotFoundInDataError(`customer ${JSON.stringify(customerId)} not found`);

  const invoices: AgingInvoice[] = [];
  for (const r of rows) {
    if (!r.present) continue;
    invoices.push({
      number: r.number,
      issuedOn: r.issued_on,
      dueOn: r.due_on,
      amountDue: r.amount_due,
      daysOverdue: r.days_overdue,
      status: r.days_overdue > 0 ? 'overdue' : 'current',
      bucket: buckets[r.bucket]?.id ?? 'current',
    });
  }

  return { customer: { id: first.id, name: first.name }, asOf, basis, invoices };
}

/** The drill-down's parameters: the query's, and the customer id from the path. */
export type AgingInvoicesQuery = AgingInvoicesParams & { customerId: string };

export const AGING_INVOICES_REPORT: ReportModule<AgingInvoicesQuery, Body<AgingInvoicesResponse>> = {
  topics: () => [...AGING_TOPICS],
  rowFilters: AGING_ROW_FILTERS,
  compute: (ctx, definition, params, scope) => {
    const { customerId, ...query } = params;
    return agingInvoices(ctx, customerId, query, scope, definition.aging ?? DEFAULT_AGING_MAPPING);
  },
};
