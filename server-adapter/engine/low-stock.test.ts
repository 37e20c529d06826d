/**
 * The low-stock report against a small hand-computed dataset, on PGlite and
 * on PostgreSQL. "Today" is 2026-06-30 in Los Angeles (03:00 UTC on 1 July),
 * so the demand window is [2026-06-01T07:00Z, 2026-07-01T07:00Z).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LowStockParams, LowStockResponse, parseQuery } from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE } from '../auth/scope.js';
import type { Source, SqlParam } from '../sources/source.js';
import { lit } from './__fixtures__/rows.js';
import { lowStockReport } from './low-stock.js';
import { DEFAULT_LOW_STOCK_MAPPING, parseLowStockMapping, type LowStockMapping } from './reports-config.js';
import type { EngineContext } from './types.js';

const ENVELOPE = { generatedAt: '2026-06-30T12:00:00Z', cache: { hit: false, ageSeconds: 0, stale: false } };
const NOW = new Date('2026-07-01T03:00:00Z');

/** [id, sku, name, quantity, reorder level] */
const PRODUCTS: [number, string, string, number, number][] = [
  [1, 'P-1', 'Widget', 0, 10], // out, ratio 0
  [2, 'P-2', 'Gadget', -2, 5], // out, ratio −0.4
  [3, 'P-3', 'Bolt', 5, 10], // ratio 0.5
  [4, 'P-4', 'Nut', 10, 10], // at the reorder level: still low
  [5, 'P-5', 'Screw', 11, 10], // above it: not listed
  [6, 'P-6', "Spring 'S'", 0, 0], // out, no ratio (reorder level 0)
  [7, 'P-7', 'Washer', 2, 20], // ratio 0.1, no sales
  [8, 'P-8', 'Rivet', 4, 8], // ratio 0.5, ties with Bolt
  [9, 'P-9', 'Pin', 1, 4], // ratio 0.25
];

/** [order id, ordered at, state, [product, units][]] */
const ORDERS: [number, string, string, [number, number][]][] = [
  [1, '2026-06-01T07:00:00Z', 'sale', [[3, 20]]], // 1 June 00:00 local: first instant of the window
  [2, '2026-07-01T06:59:59Z', 'done', [[3, 40]]], // 30 June 23:59:59 local: last second of it
  [3, '2026-06-01T06:59:59Z', 'sale', [[3, 100]]], // 31 May local: before
  [4, '2026-07-01T07:00:00Z', 'sale', [[3, 100]]], // 1 July local: after
  [5, '2026-06-15T12:00:00Z', 'draft', [[3, 100]]],
  [6, '2026-06-15T12:00:00Z', 'cancel', [[3, 100]]],
  [
    7,
    '2026-06-10T12:00:00Z',
    'done',
    [
      [4, 15],
      [1, 30],
      [5, 5],
    ],
  ],
  [
    8,
    '2026-06-20T12:00:00Z',
    'sale',
    [
      [8, 7],
      [9, 1],
    ],
  ],
];

function seedSql(): string {
  const products = PRODUCTS.map((p) => `(${p.map(lit).join(', ')})`).join(', ');
  const orders = ORDERS.map(([id, at, state]) => `(${id}, 1, ${lit(at)}, ${lit(state)}, 10)`).join(', ');
  let line = 0;
  const lines = ORDERS.flatMap(([order, , , items]) =>
    items.map(([product, units]) => `(${++line}, ${order}, ${product}, ${units})`),
  ).join(', ');
  return `INSERT INTO customers (id, name, created_at) VALUES (1, 'Buyer', '2025-01-01T00:00:00Z');
INSERT INTO products (id, sku, name, quantity, reorder_level) VALUES ${products};
INSERT INTO orders (id, customer_id, ordered_at, state, amount) VALUES ${orders};
INSERT INTO order_lines (id, order_id, product_id, quantity) VALUES ${lines};`;
}

/**
 * Expected with demand. Bolt sold 20 + 40 = 60 units in the window (2.00 a day, 5 / 2 = 2.5 days);
 * Rivet 7 (0.23 a day, 4 × 30 / 7 = 17.1 days); Nut 15 (0.50, 20 days); Pin 1 (0.03, 30 days);
 * Widget 30 but it is out (cover 0); Washer none (cover null, after every item with demand).
 */
const WITH_DEMAND = [
  { id: 2, sku: 'P-2', name: 'Gadget', quantity: -2, reorderLevel: 5, status: 'out', dailyDemand: 0, daysOfCover: 0 },
  { id: 1, sku: 'P-1', name: 'Widget', quantity: 0, reorderLevel: 10, status: 'out', dailyDemand: 1, daysOfCover: 0 },
  {
    id: 6,
    sku: 'P-6',
    name: "Spring 'S'",
    quantity: 0,
    reorderLevel: 0,
    status: 'out',
    dailyDemand: 0,
    daysOfCover: 0,
  },
  { id: 3, sku: 'P-3', name: 'Bolt', quantity: 5, reorderLevel: 10, status: 'low', dailyDemand: 2, daysOfCover: 2.5 },
  {
    id: 8,
    sku: 'P-8',
    name: 'Rivet',
    quantity: 4,
    reorderLevel: 8,
    status: 'low',
    dailyDemand: 0.23,
    daysOfCover: 17.1,
  },
  { id: 4, sku: 'P-4', name: 'Nut', quantity: 10, reorderLevel: 10, status: 'low', dailyDemand: 0.5, daysOfCover: 20 },
  { id: 9, sku: 'P-9', name: 'Pin', quantity: 1, reorderLevel: 4, status: 'low', dailyDemand: 0.03, daysOfCover: 30 },
  {
    id: 7,
    sku: 'P-7',
    name: 'Washer',
    quantity: 2,
    reorderLevel: 20,
    status: 'low',
    dailyDemand: 0,
    daysOfCover: null,
  },
];

/** Without demand: out of stock first, then by quantity / reorder level (Bolt and Rivet tie at 0.5: by id). */
const WITHOUT_DEMAND_IDS = [2, 1, 6, 7, 9, 3, 8, 4];

function params(query: string): LowStockParams {
  const r = parseQuery(LowStockParams, new URLSearchParams(query));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** A source that counts the statements it runs whose text matches `pattern`. */
function counting(source: Source, pattern: RegExp): { source: Source; count: () => number } {
  let n = 0;
  return {
    source: {
      ...source,
      query<T extends object>(sql: string, values?: readonly SqlParam[]) {
        if (pattern.test(sql)) n++;
        return source.query<T>(sql, values);
      },
    },
    count: () => n,
  };
}

describeDatabases(
  'low-stock',
  (source) => source.exec(seedSql()),
  (source) => {
    let ctx: EngineContext;

    const report = async (query = '', mapping?: LowStockMapping, context = ctx) => {
      const body = await lowStockReport(context, params(query), PUBLIC_SCOPE, mapping);
      LowStockResponse.parse({ ...body, ...ENVELOPE });
      return body;
    };

    beforeAll(() => {
      ctx = { source: source(), timezone: 'America/Los_Angeles', currency: 'USD', locale: 'en-US', now: () => NOW };
    });

    it('lists low and out-of-stock items most urgent first, with 30-day demand and cover', async () => {
      const body = await report();
      expect(body.items).toEqual(WITH_DEMAND);
      expect(body).toMatchObject({ total: 8, outOfStock: 3, limit: 50, offset: 0 });
    });

    it('counts demand in the 30 local days ending today, so the window follows the zone', async () => {
      // In UTC today is already 1 July: the window is [2026-06-02T00:00Z, 2026-07-02T00:00Z),
      // dropping order 1 (20 Bolts) and taking order 4 (100): 140 units, 4.67 a day, 5 / 4.67 = 1.1 days.
      const body = await report('', undefined, { ...ctx, timezone: 'UTC' });
      expect(body.items.find((i) => i.id === 3)).toMatchObject({ dailyDemand: 4.67, daysOfCover: 1.1 });
    });

    it('pages with a stable order, and past the end returns no items but the totals', async () => {
      const paged = [];
      for (let offset = 0; offset < 8; offset += 3) {
        const page = await report(`limit=3&offset=${offset}`);
        expect(page).toMatchObject({ total: 8, outOfStock: 3, limit: 3, offset });
        paged.push(...page.items);
      }
      expect(paged).toEqual(WITH_DEMAND);
      for (const offset of [8, 1000]) {
        expect(await report(`limit=3&offset=${offset}`)).toEqual({
          items: [],
          total: 8,
          outOfStock: 3,
          limit: 3,
          offset,
        });
      }
    });

    it('without order lines orders by quantity / reorder level and leaves demand out', async () => {
      const body = await report('', { ...DEFAULT_LOW_STOCK_MAPPING, orderLines: null });
      expect(body.items.map((i) => i.id)).toEqual(WITHOUT_DEMAND_IDS);
      for (const item of body.items) {
        expect(item).not.toHaveProperty('dailyDemand');
        expect(item).not.toHaveProperty('daysOfCover');
      }
      expect(body).toMatchObject({ total: 8, outOfStock: 3 });
    });

    it('leaves demand out when the order-lines table does not exist, checking only once', async () => {
      const mapping = parseLowStockMapping({ orderLines: { table: 'no_such_lines' } });
      const spy = counting(source(), /to_regclass/);
      const context = { ...ctx, source: spy.source };
      const first = await report('', mapping, context);
      const second = await report('limit=2', mapping, context);
      expect(first.items.map((i) => i.id)).toEqual(WITHOUT_DEMAND_IDS);
      expect(first.items[0]).not.toHaveProperty('dailyDemand');
      expect(second.items.map((i) => i.id)).toEqual(WITHOUT_DEMAND_IDS.slice(0, 2));
      expect(spy.count()).toBe(1);
    });

    it('ignores the customer scope', async () => {
      const body = await lowStockReport(ctx, params(''), { roles: [], filters: { customer_id: 999 } });
      expect(body.items).toEqual(WITH_DEMAND);
    });

    it('reads a host schema through the mapping, counting every order state when none is mapped', async () => {
      await source().exec(`
CREATE TABLE "Stock Items" ("Item No" text, "Code" text, "Title" text, "On Hand" integer, "Min" integer);
CREATE TABLE "Sales" ("Sale" integer, "At" timestamptz);
CREATE TABLE "Sale Lines" ("Sale" integer, "Item" text, "Qty" integer);
INSERT INTO "Stock Items" VALUES ('x-1', 'X1', 'Thing', 3, 5), ('x-2', 'X2', 'Other', 9, 5), ('x-3', 'X3', 'Gone', 0, 1);
INSERT INTO "Sales" VALUES (1, '2026-06-15T12:00:00Z'), (2, '2026-05-01T12:00:00Z');
INSERT INTO "Sale Lines" VALUES (1, 'x-1', 9), (2, 'x-1', 500);`);
      const mapping = parseLowStockMapping({
        products: {
          table: 'Stock Items',
          id: 'Item No',
          sku: 'Code',
          name: 'Title',
          quantity: 'On Hand',
          reorderLevel: 'Min',
        },
        orderLines: { table: 'Sale Lines', orderId: 'Sale', productId: 'Item', quantity: 'Qty' },
        orders: { table: 'Sales', id: 'Sale', time: 'At', state: null },
      });
      const body = await report('', mapping);
      expect(body).toEqual({
        items: [
          {
            id: 'x-3',
            sku: 'X3',
            name: 'Gone',
            quantity: 0,
            reorderLevel: 1,
            status: 'out',
            dailyDemand: 0,
            daysOfCover: 0,
          },
          // 9 units in the window (the 500 of May are outside): 0.30 a day, 3 × 30 / 9 = 10 days.
          {
            id: 'x-1',
            sku: 'X1',
            name: 'Thing',
            quantity: 3,
            reorderLevel: 5,
            status: 'low',
            dailyDemand: 0.3,
            daysOfCover: 10,
          },
        ],
        total: 2,
        outOfStock: 1,
        limit: 50,
        offset: 0,
      });
    });
  },
);

describe('low-stock mapping config', () => {
  it('keeps the commerce defaults for what a config leaves out', () => {
    expect(parseLowStockMapping(undefined)).toEqual(DEFAULT_LOW_STOCK_MAPPING);
    const m = parseLowStockMapping({ orderLines: null, orders: { confirmedStates: ['paid'] } });
    expect(m.orderLines).toBeNull();
    expect(m.orders).toEqual({ ...DEFAULT_LOW_STOCK_MAPPING.orders, confirmedStates: ['paid'] });
  });

  it('names the bad field', () => {
    expect(() => parseLowStockMapping({ orders: { confirmedStates: [] } })).toThrow(
      /lowStock\.orders\.confirmedStates/,
    );
    expect(() => parseLowStockMapping({ products: { reorder_level: 'x' } })).toThrow(
      /lowStock\.products\.reorder_level: unknown field/,
    );
  });
});
