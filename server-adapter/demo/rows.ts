/** The rows of the demo data, one interface per commerce table (SPEC §4). */

export interface CustomerRow {
  id: number;
  name: string;
  email: string;
  /** ISO 8601 instant (UTC). */
  created_at: string;
}
export interface OrderRow {
  id: number;
  customer_id: number;
  /** ISO 8601 instant (UTC) of a local business-hours time. */
  ordered_at: string;
  state: 'draft' | 'sale' | 'done' | 'cancel';
  /** Exact decimal string, e.g. `"129.97"`. */
  amount: string;
}
export interface OrderLineRow {
  id: number;
  order_id: number;
  product_id: number;
  quantity: number;
}
export interface InvoiceRow {
  id: number;
  number: string;
  customer_id: number;
  /** `YYYY-MM-DD` */
  issued_on: string;
  /** `YYYY-MM-DD` */
  due_on: string;
  amount: string;
  amount_paid: string;
}
export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  quantity: number;
  reorder_level: number;
}

export interface DemoRows {
  products: ProductRow[];
  customers: CustomerRow[];
  orders: OrderRow[];
  order_lines: OrderLineRow[];
  invoices: InvoiceRow[];
}
export type DemoTable = keyof DemoRows;
/** Tables in insertion order (referenced tables first). */
export const DEMO_TABLES: readonly DemoTable[] = ['products', 'customers', 'orders', 'order_lines', 'invoices'];

export type DemoBatch = { [T in DemoTable]: { table: T; rows: DemoRows[T] } }[DemoTable];
export type DemoCounts = Record<DemoTable, number>;
