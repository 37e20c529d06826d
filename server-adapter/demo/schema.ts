/**
 * The commerce schema the built-in definition reads (SPEC §4). A host can
 * provide these tables directly or as views over its own tables.
 * `order_lines` is optional: it feeds demand and days of cover in low-stock.
 */
export const COMMERCE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS customers (
  id integer PRIMARY KEY,
  name text NOT NULL,
  email text,
  created_at timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
  id integer PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers(id),
  ordered_at timestamptz NOT NULL,
  state text NOT NULL CHECK (state IN ('draft', 'sale', 'done', 'cancel')),
  amount numeric(14, 2) NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_ordered_at_idx ON orders (ordered_at);
CREATE INDEX IF NOT EXISTS customers_created_at_idx ON customers (created_at);
CREATE INDEX IF NOT EXISTS orders_customer_idx ON orders (customer_id);
CREATE TABLE IF NOT EXISTS invoices (
  id integer PRIMARY KEY,
  number text NOT NULL,
  customer_id integer NOT NULL REFERENCES customers(id),
  issued_on date NOT NULL,
  due_on date NOT NULL,
  amount numeric(14, 2) NOT NULL,
  amount_paid numeric(14, 2) NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS invoices_customer_idx ON invoices (customer_id);
CREATE TABLE IF NOT EXISTS products (
  id integer PRIMARY KEY,
  sku text NOT NULL,
  name text NOT NULL,
  quantity integer NOT NULL,
  reorder_level integer NOT NULL
);
CREATE TABLE IF NOT EXISTS order_lines (
  id integer PRIMARY KEY,
  order_id integer NOT NULL REFERENCES orders(id),
  product_id integer NOT NULL REFERENCES products(id),
  quantity integer NOT NULL
);
CREATE INDEX IF NOT EXISTS order_lines_product_idx ON order_lines (product_id);
`;
