/**
 * The activity feed against a small hand-computed dataset, on PGlite and on
 * PostgreSQL: the commerce orders (drafts left out), a host's tickets and
 * payments mapped in config, ties in time broken the same way on every
 * page, and cursor paging while rows arrive.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ActivityParams,
  ActivityParams as ActivityParamsSchema,
  ActivityResponse,
  parseQuery,
} from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { ACTIVITY_REPORT, activityReport } from './activity.js';
import { lit } from './__fixtures__/rows.js';
import { parseConfig } from './config.js';
import { InvalidQueryError } from './errors.js';
import { COMMERCE_DEFINITION } from './metrics.js';
import { type ActivityMapping, DEFAULT_ACTIVITY_MAPPING, parseActivityMapping } from './reports-config.js';
import type { EngineContext } from './types.js';

const ENVELOPE = { generatedAt: '2026-11-22T12:00:00Z', cache: { hit: false, ageSeconds: 0, stale: false } };

const CUSTOMERS: [number, string][] = [
  [1, 'Acme'],
  [2, "O'Brien & Co"],
  [3, 'Zed'],
];

/** [id, customer, ordered at, state, amount] */
const ORDERS: [number, number, string, string, string][] = [
  [1, 1, '2026-11-20T10:00:00Z', 'sale', '100.00'],
  [2, 2, '2026-11-20T10:00:00Z', 'done', '250.50'],
  [3, 1, '2026-11-20T11:30:00.123456Z', 'cancel', '40.00'],
  [4, 3, '2026-11-20T11:30:00.123457Z', 'draft', '99.00'], // a draft was never placed: not activity
  [5, 2, '2026-11-21T08:00:00Z', 'sale', '0.10'],
  [6, 3, '2026-11-19T23:59:59.999999Z', 'done', '5000.00'],
  [10, 1, '2026-11-20T10:00:00Z', 'sale', '12.00'],
];

/**
 * Newest first. Orders 1, 2 and 10 share a time: kind ties too, so ids decide, compared as text
 * ("2" > "10" > "1"), the same order on every page.
 */
const FEED = [5, 3, 2, 10, 1, 6];

const EXTRA_DDL = `
CREATE TABLE tickets (id text PRIMARY KEY, opened_at timestamptz, subject text NOT NULL, priority text NOT NULL,
  customer_id integer REFERENCES customers(id));
CREATE TABLE payments (id bigint PRIMARY KEY, paid_at timestamptz NOT NULL, total float8 NOT NULL, client integer);`;

/** [id, opened at, subject, priority, customer] */
const TICKETS: [string, string | null, string, string, number | null][] = [
  ['t-1', '2026-11-20T10:00:00Z', 'Printer on fire', 'high', 1], // ties with orders 1, 2, 10: "ticket" > "order" comes first
  ['t-2', '2026-11-21T09:00:00Z', 'Invoice question', 'low', null],
  ['t-3', null, 'Never opened', 'low', 1], // no time: not activity
];

function seedSql(): string {
  const rows = (table: string, columns: string, values: (string | number | null)[][]) =>
    `INSERT INTO ${table} (${columns}) VALUES ${values.map((r) => `(${r.map(lit).join(', ')})`).join(', ')};`;
  return [
    EXTRA_DDL,
    rows(
      'customers',
      'id, name, created_at',
      CUSTOMERS.map(([id, name]) => [id, name, '2020-01-01T00:00:00Z']),
    ),
    rows('orders', 'id, customer_id, ordered_at, state, amount', ORDERS),
    rows('tickets', 'id, opened_at, subject, priority, customer_id', TICKETS),
    // An id past 2^53 and a float amount that prints in exponent form.
    rows('payments', 'id, paid_at, total, client', [['9007199254740993', '2026-11-18T00:00:00Z', 1e20, 2]]),
  ].join('\n');
}

/** The commerce orders plus a host's tickets and payments. */
const MAPPED: ActivityMapping = parseActivityMapping({
  sources: [
    {
      kind: 'ticket',
      table: 'tickets',
      id: 'id',
      time: 'opened_at',
      title: 'subject',
      detail: { sql: "'Priority: ' || priority" },
      status: 'priority',
      customer: 'customer_id',
    },
    {
      kind: 'payment',
      table: 'payments',
      id: 'id',
      time: 'paid_at',
      title: { sql: "'Payment ' || id" },
      amount: 'total',
      customer: 'client',
    },
  ],
});

function params(query: string): ActivityParams {
  const r = parseQuery(ActivityParamsSchema, new URLSearchParams(query));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const scoped = (filters: Scope['filters']): Scope => ({ roles: [], filters });

describeDatabases(
  'activity',
  (source) => source.exec(seedSql()),
  (source) => {
    let ctx: EngineContext;

    const report = async (query = '', mapping: ActivityMapping = DEFAULT_ACTIVITY_MAPPING, scope = PUBLIC_SCOPE) => {
      const body = await activityReport(
        ctx,
        { ...COMMERCE_DEFINITION, activity: mapping },
        mapping,
        params(query),
        scope,
      );
      ActivityResponse.parse({ ...body, ...ENVELOPE });
      return body;
    };

    /** Every page of a query, following `next`. */
    const allPages = async (query: string, mapping?: ActivityMapping, between?: (page: number) => Promise<void>) => {
      const pages = [];
      let before = '';
      for (let page = 0; page < 50; page++) {
        const body = await report(`${query}${before}`, mapping);
        pages.push(body.items.map((i) => `${i.kind}:${i.id}`));
        if (!body.next) return pages;
        before = `&before=${body.next}`;
        await between?.(page);
      }
      throw new Error('no last page after 50');
    };

    beforeAll(() => {
      ctx = { source: source(), timezone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE', now: () => new Date() };
    });

    it('lists the commerce orders newest first, drafts left out, with number, customer, amount and state', async () => {
      const body = await report();
      expect(body.items.map((i) => i.id)).toEqual(FEED);
      expect(body.items[2]).toEqual({
        id: 2,
        kind: 'order',
        at: '2026-11-20T10:00:00.000Z',
        title: 'Order #2',
        amount: '250.50',
        status: 'done',
        customer: { id: 2, name: "O'Brien & Co" },
      });
      // Milliseconds on the wire (the cursor keeps the microseconds).
      expect(body.items[1]?.at).toBe('2026-11-20T11:30:00.123Z');
      expect(body.items[5]?.at).toBe('2026-11-19T23:59:59.999Z');
      expect(body).toMatchObject({ limit: 50 });
      expect(body).not.toHaveProperty('next');
      expect(body).not.toHaveProperty('filters');
    });

    it('pages by cursor through ties in time, ending without next', async () => {
      for (const limit of [1, 2, 3, 5]) {
        const pages = await allPages(`limit=${limit}`);
        expect(pages.flat()).toEqual(FEED.map((id) => `order:${id}`));
        expect(pages.every((p) => p.length <= limit)).toBe(true);
        expect(pages.at(-1)?.length).toBeGreaterThan(0);
      }
      // Exactly a page's worth left: the page that ends it says so (no empty page after it).
      const first = await report('limit=3');
      const second = await report(`limit=3&before=${first.next}`);
      expect(second.items.map((i) => i.id)).toEqual([10, 1, 6]);
      expect(second).not.toHaveProperty('next');
    });

    it('splits a tie at the microsecond: 11:30:00.123456 and .123457 are not the same instant', async () => {
      // Order 4 (.123457) is a draft; make a non-draft source see it: the cursor after it must still return order 3.
      const all: ActivityMapping = parseActivityMapping(
        { sources: [{ kind: 'order', table: 'orders', id: 'id', time: 'ordered_at', title: 'state' }] },
        'activity',
        [],
      );
      const first = await report('limit=2', all);
      expect(first.items.map((i) => i.id)).toEqual([5, 4]);
      const second = await report(`limit=1&before=${first.next}`, all);
      expect(second.items.map((i) => i.id)).toEqual([3]);
    });

    it('merges mapped tables into one feed: kinds tie-break, text ids, SQL fields, big ids and floats', async () => {
      const body = await report('', MAPPED);
      expect(body.items.map((i) => `${i.kind}:${i.id}`)).toEqual([
        'ticket:t-2',
        'order:5',
        'order:3',
        'ticket:t-1', // same time as orders 2, 10, 1: "ticket" sorts after "order", so first in a newest-first feed
        'order:2',
        'order:10',
        'order:1',
        'order:6',
        'payment:9007199254740993',
      ]);
      expect(body.items[0]).toEqual({
        id: 't-2',
        kind: 'ticket',
        at: '2026-11-21T09:00:00.000Z',
        title: 'Invoice question',
        detail: 'Priority: low',
        status: 'low',
      });
      expect(body.items[3]).toMatchObject({ customer: { id: 1, name: 'Acme' }, detail: 'Priority: high' });
      // Past 2^53 an id travels as text; a float amount as a decimal string.
      expect(body.items[8]).toEqual({
        id: '9007199254740993',
        kind: 'payment',
        at: '2026-11-18T00:00:00.000Z',
        title: 'Payment 9007199254740993',
        amount: '100000000000000000000',
        customer: { id: 2, name: "O'Brien & Co" },
      });
      for (const limit of [1, 2, 4]) {
        expect((await allPages(`limit=${limit}`, MAPPED)).flat()).toEqual(body.items.map((i) => `${i.kind}:${i.id}`));
      }
    });

    it('lists only the kinds asked for, and refuses an unknown one naming kinds', async () => {
      const body = await report('kinds=ticket,payment', MAPPED);
      expect(body.items.map((i) => i.id)).toEqual(['t-2', 't-1', '9007199254740993']);
      await expect(report('kinds=order,refund', MAPPED)).rejects.toMatchObject({
        errors: [{ param: 'kinds', message: expect.stringContaining('unknown kind "refund"') }],
      });
    });

    it('filters by customer with the name as label; an id nobody has matches nothing', async () => {
      const body = await report('filter=customer:2', MAPPED);
      expect(body.items.map((i) => `${i.kind}:${i.id}`)).toEqual(['order:5', 'order:2', 'payment:9007199254740993']);
      expect(body.filters).toEqual([{ dimension: 'customer', value: '2', label: "O'Brien & Co" }]);
      const nobody = await report('filter=customer:999', MAPPED);
      expect(nobody.items).toEqual([]);
      expect(nobody.filters).toEqual([{ dimension: 'customer', value: '999', label: '999' }]);
      // As in every report, the customer dimension's values are whole numbers (the commerce ids): "abc" is a 400.
      await expect(report('filter=customer:abc', MAPPED)).rejects.toMatchObject({ errors: [{ param: 'filter' }] });
      await expect(report('filter=region:eu')).rejects.toBeInstanceOf(InvalidQueryError);
      await expect(report('filter=region:eu')).rejects.toMatchObject({ errors: [{ param: 'filter' }] });
    });

    it("narrows to the scope's customer; a table that cannot honour a scope filter shows nothing to it", async () => {
      const body = await report('', MAPPED, scoped({ customer_id: 1 }));
      // Ticket t-2 has no customer: not customer 1's to see.
      expect(body.items.map((i) => `${i.kind}:${i.id}`)).toEqual(['order:3', 'ticket:t-1', 'order:10', 'order:1']);
      const region = await report('', MAPPED, scoped({ region: 'eu' }));
      expect(region.items).toEqual([]);
      // Another customer's name does not leak through the filter's label.
      const other = await report('filter=customer:2', MAPPED, scoped({ customer_id: 1 }));
      expect(other).toMatchObject({ items: [], filters: [{ dimension: 'customer', value: '2', label: '2' }] });
      // The row filter in the column's own type, as every report compares it: " 1" is customer 1, "acme" no id
      // at all (PostgreSQL refuses it; the HTTP layer answers that 403).
      const spaced = await report('filter=customer:1', MAPPED, scoped({ customer_id: ' 1' }));
      expect(spaced.items.map((i) => `${i.kind}:${i.id}`)).toEqual(['order:3', 'ticket:t-1', 'order:10', 'order:1']);
      expect(spaced.filters).toEqual([{ dimension: 'customer', value: '1', label: 'Acme' }]);
      await expect(report('', MAPPED, scoped({ customer_id: 'acme' }))).rejects.toMatchObject({ code: '22P02' });
    });

    it('declares its topics: the tables it reads that are topics, and customers for names', () => {
      const def = { ...COMMERCE_DEFINITION, activity: MAPPED };
      expect(ACTIVITY_REPORT.topics(COMMERCE_DEFINITION, {})).toEqual(['customers', 'orders']);
      expect(ACTIVITY_REPORT.topics(def, { kinds: ['ticket'] })).toEqual(['customers']);
      expect(() => ACTIVITY_REPORT.topics({ ...COMMERCE_DEFINITION, activity: null }, {})).toThrow(/no activity feed/);
    });
  },
);

describeDatabases(
  'activity while rows arrive',
  (source) => source.exec(seedSql()),
  (source) => {
    let ctx: EngineContext;
    let nextId = 1000;

    beforeAll(() => {
      ctx = { source: source(), timezone: 'UTC', currency: 'USD', locale: 'en-US', now: () => new Date() };
    });

    /** Orders placed after every seeded one (each a second after the last), from `count` concurrent writers. */
    const placeOrders = (count: number) =>
      Promise.all(
        Array.from({ length: count }, () => {
          const id = nextId++;
          return source().query(
            `INSERT INTO orders (id, customer_id, ordered_at, state, amount)
             VALUES ($1, 1, '2030-01-01T00:00:00Z'::timestamptz + $2::int * interval '1 second', 'sale', 1)`,
            [id, id - 1000],
          );
        }),
      );

    it('pages with concurrent inserts: no item twice, none skipped', async () => {
      const snapshot = (
        await activityReport(
          ctx,
          { ...COMMERCE_DEFINITION, activity: DEFAULT_ACTIVITY_MAPPING },
          DEFAULT_ACTIVITY_MAPPING,
          params('limit=1000'),
          PUBLIC_SCOPE,
        )
      ).items;
      const seen: string[] = [];
      let before = '';
      for (;;) {
        // Each page is read while new orders are being written (on other connections, where the source has them).
        const [body] = await Promise.all([
          activityReport(
            ctx,
            { ...COMMERCE_DEFINITION, activity: DEFAULT_ACTIVITY_MAPPING },
            DEFAULT_ACTIVITY_MAPPING,
            params(`limit=2${before}`),
            PUBLIC_SCOPE,
          ),
          placeOrders(3),
        ]);
        seen.push(...body.items.map((i) => String(i.id)));
        if (!body.next) break;
        before = `&before=${body.next}`;
      }
      // New orders are newer than all the others: the first page may show some, and every page after
      // it continues exactly below the last item seen, so the rest is the snapshot, in order, once each.
      const placed = seen.filter((id) => Number(id) >= 1000).length;
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(placed)).toEqual(snapshot.map((i) => String(i.id)));
      expect(nextId).toBeGreaterThan(1000 + snapshot.length);
    });

    it('shows a late row below the cursor exactly once, on a later page', async () => {
      const first = await activityReport(
        ctx,
        { ...COMMERCE_DEFINITION, activity: DEFAULT_ACTIVITY_MAPPING },
        DEFAULT_ACTIVITY_MAPPING,
        params('kinds=order&limit=3'),
        PUBLIC_SCOPE,
      );
      const last = first.items.at(-1)!;
      // Written now, dated before the end of the first page (a transaction that committed late).
      await source().query(
        `INSERT INTO orders (id, customer_id, ordered_at, state, amount) VALUES (999, 3, '2026-11-20T09:00:00Z', 'sale', 7)`,
      );
      const rest: string[] = [];
      let before = first.next;
      while (before) {
        const page = await activityReport(
          ctx,
          { ...COMMERCE_DEFINITION, activity: DEFAULT_ACTIVITY_MAPPING },
          DEFAULT_ACTIVITY_MAPPING,
          params(`limit=2&before=${before}`),
          PUBLIC_SCOPE,
        );
        rest.push(...page.items.map((i) => String(i.id)));
        before = page.next;
      }
      expect(rest.filter((id) => id === '999')).toHaveLength(1);
      expect(rest).not.toContain(String(last.id));
      expect(rest.slice(-3)).toEqual(['1', '999', '6']);
    });
  },
);

describe('activity configuration', () => {
  it('adds mapped sources to the commerce orders, replaces by kind, and turns off with null', () => {
    const def = parseConfig({
      activity: {
        sources: [{ kind: 'ticket', table: 'support.tickets', id: 'id', time: 'opened_at', title: 'subject' }],
      },
    });
    expect(def.activity?.sources.map((s) => s.kind)).toEqual(['order', 'ticket']);
    const replaced = parseConfig({
      activity: { sources: [{ kind: 'order', table: 'orders', id: 'id', time: 'ordered_at', title: 'state' }] },
    });
    expect(replaced.activity?.sources).toHaveLength(1);
    expect(replaced.activity?.sources[0]?.title).toBe('state');
    expect(parseConfig({ activity: null }).activity).toBeNull();
    expect(parseConfig({ base: 'none' }).activity).toBeNull();
  });

  it('names each bad field', () => {
    expect(() =>
      parseConfig({
        activity: {
          sources: [
            { kind: 'Ticket', table: 'tickets', id: 'id', time: 'opened_at', title: 'subject' },
            { kind: 'ticket', table: 'tickets', id: 'id', time: 'opened_at', title: { sql: '' }, colour: 'red' },
          ],
        },
      }),
    ).toThrow(/activity\.sources\.0\.kind: expected a kind.*activity\.sources\.1\.colour: unknown field/s);
    expect(() =>
      parseConfig({
        activity: {
          sources: [
            { kind: 'ticket', table: 't', id: 'id', time: 'at', title: 'x' },
            { kind: 'ticket', table: 't2', id: 'id', time: 'at', title: 'x' },
          ],
        },
      }),
    ).toThrow(/activity\.sources\[1\]\.kind: duplicate kind "ticket"/);
  });

  it('declares pipelines, checking ids', () => {
    expect(parseConfig({ pipelines: [{ id: 'quickbooks', label: 'QuickBooks sync' }] }).pipelines).toEqual([
      { id: 'quickbooks', label: 'QuickBooks sync' },
    ]);
    expect(() => parseConfig({ pipelines: [{ id: 'Nightly ETL', label: 'x' }] })).toThrow(/pipelines\[0\]\.id/);
    expect(() =>
      parseConfig({
        pipelines: [
          { id: 'etl', label: 'a' },
          { id: 'etl', label: 'b' },
        ],
      }),
    ).toThrow(/pipelines\[1\]\.id: duplicate id "etl"/);
  });
});
