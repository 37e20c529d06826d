/**
 * Where the aging, low-stock and activity reports find their data. The
 * defaults read the commerce schema (SPEC §4); a host maps the reports onto
 * its own tables and columns instead, in code or in a `--config` file. Names
 * here become quoted SQL identifiers; they never come from a request.
 */
import * as z from 'zod/mini';
import { ACTIVITY_KIND, TOPICS, type Topic } from '../../src/contract/index.js';

export interface AgingMapping {
  invoices: {
    table: string;
    id: string;
    number: string;
    customerId: string;
    /** A `date` column: the day the invoice was issued. */
    issuedOn: string;
    /** A `date` column: the day payment is due. */
    dueOn: string;
    amount: string;
    /** Paid so far; NULL counts as 0. */
    amountPaid: string;
  };
  customers: { table: string; id: string; name: string };
}

export interface LowStockMapping {
  products: { table: string; id: string; sku: string; name: string; quantity: string; reorderLevel: string };
  /**
   * Sold units per product, for daily demand and days of cover. `null` turns
   * demand off; when the table does not exist the report leaves demand out.
   */
  orderLines?: { table: string; orderId: string; productId: string; quantity: string } | null;
  /** The orders the lines belong to: their time and, optionally, which states count as sold. */
  orders?: { table: string; id: string; time: string; state?: string | null; confirmedStates?: readonly string[] };
}

/** One text field of an activity item: a column of the row, or trusted SQL over it (`{ "sql": "'Ticket #' || id" }`). */
export type ActivityText = string | { sql: string };

/**
 * One table whose rows are activity items (`v1/activity`): an order, a
 * ticket, an appointment, a payment. Each field maps an item field onto a
 * column (or trusted SQL over the row).
 */
export interface ActivitySource {
  /** The items' `kind`, unique per mapping: `order`, `ticket`… */
  kind: string;
  /** Table or view, optionally `schema.table`. */
  table: string;
  /** Column identifying the row (unique within the table). */
  id: string;
  /** A `timestamptz` column: when it happened. Rows where it is NULL are left out. */
  time: string;
  title: ActivityText;
  detail?: ActivityText;
  /** A money amount (numeric) in the dashboard currency. */
  amount?: ActivityText;
  status?: ActivityText;
  /** Column holding the customer's id (names come from the mapping's `customers`); absent: no customer. */
  customer?: string | null;
  /** Trusted SQL condition on the rows, e.g. `state <> 'draft'`. */
  where?: string;
  /** Invalidation topics that move these items; default the table's own and, with a customer, `customers`. */
  topics?: readonly Topic[];
  /**
   * Scope row filters this table honours, filter name → column. `customer_id` defaults to the `customer`
   * column. A scope with a filter the table cannot honour never sees its rows.
   */
  filterColumns?: Readonly<Record<string, string>>;
}

export interface ActivityMapping {
  sources: readonly ActivitySource[];
  /** Where customer names come from. */
  customers: { table: string; id: string; name: string };
}

/** The commerce orders (not drafts: they were never placed) as activity: number, customer, amount and state. */
export const COMMERCE_ORDER_ACTIVITY: ActivitySource = Object.freeze({
  kind: 'order',
  table: 'orders',
  id: 'id',
  time: 'ordered_at',
  title: Object.freeze({ sql: "'Order #' || id" }),
  amount: 'amount',
  status: 'state',
  customer: 'customer_id',
  where: "state <> 'draft'",
});

/** The commerce schema's activity: its orders, customers' names from `customers`. */
export const DEFAULT_ACTIVITY_MAPPING: ActivityMapping = Object.freeze({
  sources: Object.freeze([COMMERCE_ORDER_ACTIVITY]),
  customers: Object.freeze({ table: 'customers', id: 'id', name: 'name' }),
});

/** The commerce schema's invoices and customers. */
export const DEFAULT_AGING_MAPPING: AgingMapping = Object.freeze({
  invoices: Object.freeze({
    table: 'invoices',
    id: 'id',
    number: 'number',
    customerId: 'customer_id',
    issuedOn: 'issued_on',
    dueOn: 'due_on',
    amount: 'amount',
    amountPaid: 'amount_paid',
  }),
  customers: Object.freeze({ table: 'customers', id: 'id', name: 'name' }),
});

/** Revenue counts orders in these states (SPEC §4), so demand does too. */
export const DEFAULT_CONFIRMED_STATES: readonly string[] = Object.freeze(['sale', 'done']);

const DEFAULT_ORDER_LINES = Object.freeze({
  table: 'order_lines',
  orderId: 'order_id',
  productId: 'product_id',
  quantity: 'quantity',
});

const DEFAULT_ORDERS = Object.freeze({
  table: 'orders',
  id: 'id',
  time: 'ordered_at',
  state: 'state',
  confirmedStates: DEFAULT_CONFIRMED_STATES,
});

/** The commerce schema's products, with demand from the optional `order_lines` table. */
export const DEFAULT_LOW_STOCK_MAPPING: LowStockMapping = Object.freeze({
  products: Object.freeze({
    table: 'products',
    id: 'id',
    sku: 'sku',
    name: 'name',
    quantity: 'quantity',
    reorderLevel: 'reorder_level',
  }),
  orderLines: DEFAULT_ORDER_LINES,
  orders: DEFAULT_ORDERS,
});

// PostgreSQL truncates identifiers past 63 bytes, which would silently read another column.
const MAX_IDENT_BYTES = 63;

const column = z.string().check(
  z.minLength(1, 'expected a column name'),
  z.refine((s) => !s.includes('\u0000'), 'must not contain a NUL character'),
  z.refine((s) => Buffer.byteLength(s) <= MAX_IDENT_BYTES, `at most ${MAX_IDENT_BYTES} bytes`),
);

const table = z
  .string()
  .check(
    z.refine(
      (s) =>
        s.split('.').every((p) => p.length > 0 && !p.includes('\u0000') && Buffer.byteLength(p) <= MAX_IDENT_BYTES),
      `expected a table name or schema.table (each part 1–${MAX_IDENT_BYTES} bytes)`,
    ),
  );

const AgingMappingInput = z.strictObject({
  invoices: z.optional(
    z.strictObject({
      table: z.optional(table),
      id: z.optional(column),
      number: z.optional(column),
      customerId: z.optional(column),
      issuedOn: z.optional(column),
      dueOn: z.optional(column),
      amount: z.optional(column),
      amountPaid: z.optional(column),
    }),
  ),
  customers: z.optional(z.strictObject({ table: z.optional(table), id: z.optional(column), name: z.optional(column) })),
});

const LowStockMappingInput = z.strictObject({
  products: z.optional(
    z.strictObject({
      table: z.optional(table),
      id: z.optional(column),
      sku: z.optional(column),
      name: z.optional(column),
      quantity: z.optional(column),
      reorderLevel: z.optional(column),
    }),
  ),
  orderLines: z.optional(
    z.nullable(
      z.strictObject({
        table: z.optional(table),
        orderId: z.optional(column),
        productId: z.optional(column),
        quantity: z.optional(column),
      }),
    ),
  ),
  orders: z.optional(
    z.strictObject({
      table: z.optional(table),
      id: z.optional(column),
      time: z.optional(column),
      state: z.optional(z.nullable(column)),
      confirmedStates: z.optional(z.array(z.string()).check(z.minLength(1, 'expected at least one state'))),
    }),
  ),
});

const sqlText = z.string().check(z.minLength(1, 'expected SQL text'));
const activityText = z.union([column, z.strictObject({ sql: sqlText })], {
  error: 'expected a column name or {"sql": "…"}',
});

const ActivitySourceInput = z.strictObject({
  kind: z.string().check(z.regex(ACTIVITY_KIND, 'expected a kind of lowercase letters, digits, _ and -, e.g. ticket')),
  table,
  id: column,
  time: column,
  title: activityText,
  detail: z.optional(activityText),
  amount: z.optional(activityText),
  status: z.optional(activityText),
  customer: z.optional(z.nullable(column)),
  where: z.optional(sqlText),
  topics: z.optional(
    z.array(
      z.enum(TOPICS, {
        error: (issue) => `expected one of ${TOPICS.join(', ')}, got ${JSON.stringify(issue.input)}`,
      }),
    ),
  ),
  filterColumns: z.optional(z.record(z.string(), column)),
});

const ActivityMappingInput = z.strictObject({
  sources: z.optional(z.array(ActivitySourceInput)),
  customers: z.optional(z.strictObject({ table: z.optional(table), id: z.optional(column), name: z.optional(column) })),
});

export const ReportsConfigInput = z.strictObject({
  aging: z.optional(AgingMappingInput),
  lowStock: z.optional(LowStockMappingInput),
});

/** A configuration file that does not describe valid mappings; `issues` name each bad field. */
export class ReportsConfigError extends Error {
  readonly issues: { path: string; message: string }[];

  constructor(issues: { path: string; message: string }[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
    this.name = 'ReportsConfigError';
    this.issues = issues;
  }
}

interface Parsable<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string; keys?: string[] }[] } };
}

function parseOrThrow<T>(schema: Parsable<T>, input: unknown, where: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue) => {
    const path = [where, ...issue.path.map(String)].filter(Boolean).join('.');
    // An unknown key is most often a typo: name it rather than its parent.
    if (issue.keys?.length)
      return issue.keys.map((k) => ({ path: path ? `${path}.${k}` : k, message: 'unknown field' }));
    return [{ path: path || '(root)', message: issue.message }];
  });
  throw new ReportsConfigError(issues);
}

/**
 * Validates an aging mapping from a config file; fields left out keep the
 * commerce defaults. Throws ReportsConfigError naming each bad field.
 *
 * @example
 * parseAgingMapping({ invoices: { table: 'billing.bills', dueOn: 'due_date' } }, 'reports.aging');
 */
export function parseAgingMapping(input: unknown, where = 'aging'): AgingMapping {
  const m = parseOrThrow(AgingMappingInput, input ?? {}, where);
  const d = DEFAULT_AGING_MAPPING;
  return {
    invoices: { ...d.invoices, ...defined(m.invoices) },
    customers: { ...d.customers, ...defined(m.customers) },
  };
}

/**
 * Validates a low-stock mapping from a config file; fields left out keep the
 * commerce defaults, and `orderLines: null` turns demand off.
 */
export function parseLowStockMapping(input: unknown, where = 'lowStock'): LowStockMapping {
  const m = parseOrThrow(LowStockMappingInput, input ?? {}, where);
  return {
    products: { ...DEFAULT_LOW_STOCK_MAPPING.products, ...defined(m.products) },
    orderLines: m.orderLines === null ? null : { ...DEFAULT_ORDER_LINES, ...defined(m.orderLines) },
    orders: { ...DEFAULT_ORDERS, ...defined(m.orders) },
  };
}

/**
 * Validates an activity mapping from a config file. `sources` listed replace
 * the base ones of the same `kind` and add the others; `base` is what they
 * add to (the commerce orders, or nothing). Throws ReportsConfigError naming
 * each bad field, a repeated kind included.
 *
 * @example
 * parseActivityMapping({ sources: [{ kind: 'ticket', table: 'tickets', id: 'id', time: 'opened_at', title: 'subject' }] });
 */
export function parseActivityMapping(
  input: unknown,
  where = 'activity',
  base: readonly ActivitySource[] = DEFAULT_ACTIVITY_MAPPING.sources,
): ActivityMapping {
  const m = parseOrThrow(ActivityMappingInput, input ?? {}, where);
  const listed = (m.sources ?? []).map((s) => defined(s) as ActivitySource);
  const seen = new Map<string, number>();
  const issues: { path: string; message: string }[] = [];
  listed.forEach((s, i) => {
    if (seen.has(s.kind))
      issues.push({
        path: `${where}.sources[${i}].kind`,
        message: `duplicate kind "${s.kind}" (also sources[${seen.get(s.kind)}])`,
      });
    seen.set(s.kind, i);
  });
  if (issues.length) throw new ReportsConfigError(issues);
  return {
    sources: [...base.filter((b) => !seen.has(b.kind)), ...listed],
    customers: { ...DEFAULT_ACTIVITY_MAPPING.customers, ...defined(m.customers) },
  };
}

export interface ReportsConfig {
  aging: AgingMapping;
  lowStock: LowStockMapping;
}

/** Validates the `{ aging, lowStock }` part of a config file. */
export function parseReportsConfig(input: unknown, where = ''): ReportsConfig {
  const m = parseOrThrow(ReportsConfigInput, input ?? {}, where);
  const prefix = where ? `${where}.` : '';
  return {
    aging: parseAgingMapping(m.aging, `${prefix}aging`),
    lowStock: parseLowStockMapping(m.lowStock, `${prefix}lowStock`),
  };
}

/** Drops keys whose value is undefined, so they do not overwrite a default. */
function defined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
