/**
 * `v1/activity` through the whole server on an embedded database: parameters
 * refused by name, the cache dropped by an `orders` invalidation, the feed
 * listed in `v1/meta`, and turned off by configuration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityResponse, encodeActivityCursor, MetaResponse, Problem } from '../../src/contract/index.js';
import { createFakeEngine } from '../../tests/support/fake-engine.js';
import { insertCustomers, insertOrders } from '../engine/__fixtures__/rows.js';
import type { Logger } from '../logger.js';
import { createDashboardServer, type DashboardServer } from '../server.js';
import { COMMERCE_SCHEMA_SQL } from '../demo/schema.js';
import { createPgliteSource } from '../sources/pglite.js';
import type { Source } from '../sources/source.js';

const QUIET: Logger = { info() {}, warn() {}, error() {} };

describe('v1/activity over HTTP', () => {
  let source: Source;
  let server: DashboardServer;
  const get = (path: string) => server.fetch(new Request(`http://localhost/${path}`));

  beforeAll(async () => {
    source = await createPgliteSource();
    await source.exec(COMMERCE_SCHEMA_SQL);
    await insertCustomers(source, [{ id: 1, name: 'Acme' }, { id: 2 }]);
    await insertOrders(source, [
      { customer: 1, at: '2026-11-20T10:00:00Z', amount: '10.00' },
      { customer: 2, at: '2026-11-20T11:00:00Z', amount: '20.00', state: 'done' },
      { customer: 1, at: '2026-11-20T12:00:00Z', amount: '30.00', state: 'draft' },
    ]);
    server = createDashboardServer({ source, logger: QUIET });
    await server.ready;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await source?.close();
  });

  async function body(path: string): Promise<ActivityResponse> {
    const response = await get(path);
    expect(response.status, path).toBe(200);
    return ActivityResponse.parse(await response.json());
  }

  it('answers the feed, cached until an orders invalidation', async () => {
    const first = await body('v1/activity');
    expect(first.items.map((i) => [i.id, i.customer?.name, i.amount, i.status])).toEqual([
      [2, 'Customer 2', '20.00', 'done'],
      [1, 'Acme', '10.00', 'sale'],
    ]);
    expect(first.cache.hit).toBe(false);
    await insertOrders(source, [{ customer: 2, at: '2026-11-21T09:00:00Z', amount: '5.00' }], 4);
    expect((await body('v1/activity')).cache.hit).toBe(true);
    await server.invalidate(['orders']);
    const after = await body('v1/activity');
    expect(after.cache.hit).toBe(false);
    expect(after.items.map((i) => i.id)).toEqual([4, 2, 1]);
    // A customer's name changed: the feed moves with `customers` too.
    await source.exec(`UPDATE customers SET name = 'Acme GmbH' WHERE id = 1`);
    await server.invalidate(['customers']);
    expect((await body('v1/activity')).items.at(-1)?.customer?.name).toBe('Acme GmbH');
  });

  it("writes the commerce feed's titles and states in the request's language, and the same in English", async () => {
    const en = await body('v1/activity?locale=en-US');
    expect(en.items.length).toBeGreaterThan(1);
    expect(en.items.map((i) => i.title)).toEqual(en.items.map((i) => `Order #${i.id}`));
    const fa = await body('v1/activity?locale=fa-IR');
    const faState: Record<string, string> = { sale: 'فروخته‌شده', done: 'انجام‌شده' };
    expect(fa.items.map((i) => [i.title, i.status])).toEqual(
      en.items.map((i) => [`سفارش ${i.id}`, faState[i.status ?? '']]),
    );
    const de = await body('v1/activity?locale=de-DE');
    expect(de.items.map((i) => i.title)).toEqual(en.items.map((i) => `Bestellung Nr. ${i.id}`));
    expect(new Set(en.items.map((i) => i.status))).toEqual(new Set(['sale', 'done']));
  });

  it('pages with the cursor it hands out, and filters by customer', async () => {
    const first = await body('v1/activity?limit=2');
    expect(first.next).toBeDefined();
    const second = await body(`v1/activity?limit=2&before=${first.next}`);
    expect(second.items.map((i) => i.id)).toEqual([1]);
    expect(second.next).toBeUndefined();
    const acme = await body('v1/activity?filter=customer:1');
    expect(acme.items.map((i) => i.id)).toEqual([1]);
    expect(acme.filters).toEqual([{ dimension: 'customer', value: '1', label: 'Acme GmbH' }]);
  });

  it('refuses bad parameters with a 400 naming each', async () => {
    const forged = encodeActivityCursor({ at: '2026-11-20T10:00:00.000000Z', kind: 'order', id: '1' }).slice(0, -2);
    const cases: [string, string, RegExp][] = [
      ['limit=0', 'limit', /1 to 1000/],
      ['limit=1001', 'limit', /1 to 1000/],
      ['before=2026-11-20', 'before', /next. cursor/],
      [`before=${forged}`, 'before', /next. cursor/],
      ['before=eyJ4IjoxfQ', 'before', /next. cursor/],
      ['kinds=Order', 'kinds', /not a kind/],
      ['kinds=order,order', 'kinds', /more than once/],
      ['kinds=ticket', 'kinds', /unknown kind "ticket"; known: order/],
      ['filter=customer', 'filter', /missing a value/],
      ['filter=customer:1,customer:2', 'filter', /more than once/],
      ['filter=region:eu', 'filter', /unknown dimension "region"/],
      ['filter=customer:abc', 'filter', /customer: expected a whole number/],
      ['offset=10', 'offset', /unknown parameter/],
    ];
    for (const [query, param, message] of cases) {
      const response = await get(`v1/activity?${query}`);
      expect(response.status, query).toBe(400);
      const problem = Problem.parse(await response.json());
      expect(problem.errors, query).toEqual([{ param, message: expect.stringMatching(message) }]);
    }
  });

  it("narrows to the caller's customer, and answers 403 to a customer_id no customer can have", async () => {
    const scoped = (customer_id: string) =>
      createDashboardServer({ source, logger: QUIET, authorize: () => ({ roles: [], filters: { customer_id } }) });
    const one = scoped(' 1');
    const other = scoped('acme');
    try {
      const mine = ActivityResponse.parse(await (await one.fetch(new Request('http://localhost/v1/activity'))).json());
      expect(mine.items.map((i) => i.customer?.id)).toEqual([1]);
      const refused = await other.fetch(new Request('http://localhost/v1/activity'));
      expect(refused.status).toBe(403);
      expect(Problem.parse(await refused.json()).detail).toMatch(/customer_id/);
    } finally {
      await one.close();
      await other.close();
    }
  });

  it('is listed in v1/meta with the topics that move it', async () => {
    const meta = MetaResponse.parse(await (await get('v1/meta')).json());
    expect(meta.reports).toContain('activity');
    expect(meta.reportTopics?.activity).toEqual(['customers', 'orders']);
  });
});

describe('v1/activity when there is none', () => {
  it('answers 404 for an engine without a feed and for `activity: null`, and meta leaves it out', async () => {
    const { activity: _, ...engine } = createFakeEngine();
    const bare = createDashboardServer({ engine, logger: QUIET });
    const response = await bare.fetch(new Request('http://localhost/v1/activity'));
    expect(response.status).toBe(404);
    expect(Problem.parse(await response.json()).detail).toMatch(/no activity feed/);
    await bare.close();

    const source = await createPgliteSource();
    const off = createDashboardServer({
      source,
      definition: { ...(await import('../engine/metrics.js')).COMMERCE_DEFINITION, activity: null },
      logger: QUIET,
    });
    try {
      await off.ready;
      expect((await off.fetch(new Request('http://localhost/v1/activity'))).status).toBe(404);
      const meta = MetaResponse.parse(await (await off.fetch(new Request('http://localhost/v1/meta'))).json());
      expect(meta.reports).not.toContain('activity');
      expect(meta.reportTopics).not.toHaveProperty('activity');
    } finally {
      await off.close();
      await source.close();
    }
  }, 60_000);
});
