"""The commerce schema in SQLite and a small deterministic dataset anchored on today.

Money is stored as integer cents; instants (`created_at`, `ordered_at`) as
epoch seconds, dates (`issued_on`, `due_on`) as `YYYY-MM-DD` text. Run it
alone to write a database file: `python3 seed.py demo.sqlite`.
"""
from __future__ import annotations

import random
import sqlite3
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SCHEMA = """
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, created_at INTEGER NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  ordered_at INTEGER NOT NULL, state TEXT NOT NULL CHECK (state IN ('draft', 'sale', 'done', 'cancel')),
  amount_cents INTEGER NOT NULL);
CREATE TABLE invoices (id INTEGER PRIMARY KEY, number TEXT NOT NULL,
  customer_id INTEGER NOT NULL REFERENCES customers(id), issued_on TEXT NOT NULL, due_on TEXT NOT NULL,
  amount_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL DEFAULT 0);
CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL, name TEXT NOT NULL,
  quantity INTEGER NOT NULL, reorder_level INTEGER NOT NULL);
CREATE TABLE order_lines (order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id), quantity INTEGER NOT NULL);
CREATE INDEX orders_ordered_at ON orders (ordered_at);
CREATE INDEX customers_created_at ON customers (created_at);
CREATE INDEX invoices_customer ON invoices (customer_id);
CREATE INDEX order_lines_product ON order_lines (product_id);
"""

FIRST = ["Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kofi", "Lena",
         "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq"]
LAST = ["Nordwind GmbH", "Morgenrot", "Atelier Blau", "Kiosk am Park", "Sonnenschein", "Lindqvist", "Okafor",
        "Dubois", "Kim", "Rossi", "Novak", "Haddad"]
PRODUCTS = ["Mug, blue, 350 ml", "Earl Grey, 100 g", "Notebook A5, dotted", "Fountain pen", "Desk lamp",
            "Green tea, 50 g", "Teapot, 1 l", "Pencil set", "Sketchbook A4", "Coffee beans, 1 kg",
            "Espresso cups (2)", "Tote bag"]

DAYS = 400


def local_instant(d: date, seconds: int, tz: ZoneInfo) -> int:
    return int(datetime.combine(d, time(seconds // 3600, seconds // 60 % 60, seconds % 60), tzinfo=tz).timestamp())


def seed(conn: sqlite3.Connection, tz: ZoneInfo, now: datetime, rng_seed: int = 7) -> None:
    """Creates the schema and fills it: ~600 orders over 400 days, invoices in every aging bucket."""
    rng = random.Random(rng_seed)
    today = now.astimezone(tz).date()
    now_ts = int(now.timestamp())
    conn.executescript(SCHEMA)

    customers = []
    for i in range(1, 81):
        day = today - timedelta(days=DAYS + 20 - (i * 413) // 80)
        created = min(local_instant(day, rng.randrange(86400), tz), now_ts)
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        customers.append((i, name, f"customer{i}@example.com", created))
    conn.executemany("INSERT INTO customers VALUES (?, ?, ?, ?)", customers)

    products = []
    for i in range(1, 41):
        reorder = rng.randint(10, 40)
        quantity = 0 if i % 9 == 0 else max(0, reorder + rng.randint(-14, 25))  # a few out of stock
        products.append((i, f"SKU-{i:03d}", f"{PRODUCTS[i % len(PRODUCTS)]} #{i}", quantity, reorder))
    conn.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?)", products)

    orders, lines = [], []
    for back in range(DAYS - 1, -1, -1):
        day = today - timedelta(days=back)
        # Quiet weekends and some empty days: series must show them as 0 points.
        for _ in range(rng.choice([0, 1, 1, 2, 3] if day.weekday() < 5 else [0, 0, 1])):
            at = local_instant(day, rng.randrange(86400), tz)
            eligible = [c for c in customers if c[3] <= at]
            if at > now_ts or not eligible:
                continue
            state = rng.choices(["done", "sale", "cancel", "draft"], weights=[60, 20, 10, 10])[0]
            order_id = len(orders) + 1
            orders.append((order_id, rng.choice(eligible)[0], at, state, rng.randint(1500, 50000)))
            for product in rng.sample(products, rng.randint(1, 3)):
                lines.append((order_id, product[0], rng.randint(1, 4)))
    conn.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?)", orders)
    conn.executemany("INSERT INTO order_lines VALUES (?, ?, ?)", lines)

    invoices = []
    for i in range(1, 181):
        issued = today - timedelta(days=rng.randint(0, 200))
        amount = rng.randint(10000, 500000)
        paid = rng.choices([amount, amount // rng.randint(2, 5), 0], weights=[35, 15, 50])[0]
        number = f"INV-{issued.year}-{i:04d}"
        invoices.append((i, number, rng.randint(1, 60), issued.isoformat(),
                         (issued + timedelta(days=30)).isoformat(), amount, paid))
    conn.executemany("INSERT INTO invoices VALUES (?, ?, ?, ?, ?, ?, ?)", invoices)
    conn.commit()


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "demo.sqlite"
    zone = ZoneInfo(sys.argv[2] if len(sys.argv) > 2 else "UTC")
    with sqlite3.connect(target) as c:
        seed(c, zone, datetime.now(zone))
    print(f"seeded {target}")
