import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidateEvent, Problem, TOPICS } from '../../src/contract/index.js';
import { readSse } from '../../tests/integration/support/sse.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { redisTarget } from '../cache/store.suite.js';
import { createLocalBus, type InvalidationBus } from './bus.js';
import { createRedisBus } from './redis-bus.js';
import { createEventStream, type EventStream, MAX_QUEUED_FRAMES } from './sse.js';

function connect(events: EventStream, headers: Record<string, string> = {}, scope: Scope = PUBLIC_SCOPE) {
  const controller = new AbortController();
  const request = new Request('http://localhost/v1/events', { headers, signal: controller.signal });
  const response = events.handle(request, scope);
  return { response, abort: () => controller.abort() };
}

let bus: InvalidationBus;
let events: EventStream;

const warnings: string[] = [];
const logger = { info() {}, warn: (message: string) => warnings.push(message), error() {} };

function setup(options: Partial<Parameters<typeof createEventStream>[0]> = {}) {
  bus = createLocalBus();
  warnings.length = 0;
  events = createEventStream({ bus, logger, ...options });
}

afterEach(async () => {
  events?.close();
  await bus?.close();
});

describe('createEventStream', () => {
  it('answers text/event-stream, unbuffered and uncached, starting with the retry hint and the current id', async () => {
    setup({ retryMs: 2500 });
    const { response } = connect(events);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const first = await readSse(response).next();
    expect(first).toEqual({ id: '0', retry: '2500', comments: [] });
  });

  it('sends each bus event as an invalidate event with increasing ids and a contract payload', async () => {
    setup();
    const a = readSse(connect(events).response);
    const b = readSse(connect(events).response);
    await a.next();
    await b.next();
    await bus.publish(['orders']);
    await bus.publish(['invoices', 'customers']);
    for (const reader of [a, b]) {
      const one = await reader.next();
      const two = await reader.next();
      expect([one.id, one.event, two.id, two.event]).toEqual(['1', 'invalidate', '2', 'invalidate']);
      expect(InvalidateEvent.parse(JSON.parse(one.data!))).toMatchObject({ topics: ['orders'] });
      expect(InvalidateEvent.parse(JSON.parse(two.data!)).topics).toEqual(['customers', 'invoices']);
    }
  });

  it('sends heartbeat comments every heartbeatSeconds', async () => {
    setup({ heartbeatSeconds: 0.02 });
    const reader = readSse(connect(events).response);
    await reader.next();
    const beat = await reader.next();
    expect(beat).toEqual({ comments: ['heartbeat'] });
    expect(await reader.next()).toEqual({ comments: ['heartbeat'] });
  });

  it('tells a client that reconnects behind the current id to refetch every topic, at once', async () => {
    setup();
    await bus.publish(['orders']);
    await bus.publish(['orders']);
    const behind = readSse(connect(events, { 'last-event-id': '1' }).response);
    expect((await behind.next()).id).toBe('2');
    const catchUp = await behind.next();
    expect(catchUp.event).toBe('invalidate');
    expect(catchUp.id).toBe('2');
    expect(InvalidateEvent.parse(JSON.parse(catchUp.data!)).topics).toEqual([...TOPICS]);
    // An id this server never issued (it restarted, or another instance issued it) counts as behind too.
    const foreign = readSse(connect(events, { 'last-event-id': '907' }).response);
    await foreign.next();
    expect((await foreign.next()).event).toBe('invalidate');
  });

  it('counts events while nobody is connected, so a lone widget that reconnects still catches up', async () => {
    setup();
    const first = readSse(connect(events).response);
    expect((await first.next()).id).toBe('0');
    await first.close();
    expect(events.clients()).toBe(0);
    await bus.publish(['orders']);
    const again = readSse(connect(events, { 'last-event-id': '0' }).response);
    expect((await again.next()).id).toBe('1');
    expect((await again.next()).event).toBe('invalidate');
  });

  it('sends no catch-up to a client that is up to date', async () => {
    setup();
    await bus.publish(['orders']);
    const current = readSse(connect(events, { 'last-event-id': '1' }).response);
    await current.next();
    await bus.publish(['products']);
    const next = await current.next();
    expect(next.id).toBe('2');
    expect(JSON.parse(next.data!).topics).toEqual(['products']);
  });

  it('releases a client when its request is aborted or its body is cancelled', async () => {
    setup();
    const aborted = connect(events);
    const abortedReader = readSse(aborted.response);
    const cancelled = readSse(connect(events).response);
    await abortedReader.next();
    await cancelled.next();
    expect(events.clients()).toBe(2);

    aborted.abort();
    expect(await abortedReader.ended()).toBe(true);
    expect(events.clients()).toBe(1);
    await cancelled.close();
    expect(events.clients()).toBe(0);
  });

  it('leaves no client and no bus listener behind after 1,000 connects and disconnects', async () => {
    setup({ heartbeatSeconds: 0.05 });
    // The stream's one subscription, shared by all its clients (it counts event ids even with no client).
    expect(bus.listenerCount()).toBe(1);
    const connections = Array.from({ length: 1000 }, () => connect(events));
    expect(events.clients()).toBe(1000);
    expect(bus.listenerCount()).toBe(1);
    await bus.publish(['orders']);
    await Promise.all(
      connections.map(async (c, i) => {
        if (i % 2 === 0) c.abort();
        else await c.response.body!.cancel();
      }),
    );
    expect(events.clients()).toBe(0);
    expect(bus.listenerCount()).toBe(1);
    // And the stream still works afterwards.
    const again = readSse(connect(events).response);
    await again.next();
    await bus.publish(['products']);
    expect((await again.next()).id).toBe('2');
  });

  it('answers 503 problem+json with Retry-After beyond maxClients, and serves again when one leaves', async () => {
    setup({ maxClients: 2, retryMs: 4000 });
    const first = connect(events);
    connect(events);
    const refused = connect(events).response;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('4');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Problem.parse(await refused.json()).detail).toMatch(/too many event-stream clients \(2 connected\)/);
    first.abort();
    expect(connect(events).response.status).toBe(200);
  });

  it('keeps one subject (a sub, else a customer) from taking every slot: 429 past maxPerSubject', async () => {
    setup({ maxClients: 4, maxPerSubject: 2, retryMs: 3000 });
    const customerA: Scope = { roles: [], filters: { customer_id: 495 } };
    const customerB: Scope = { roles: [], filters: { customer_id: 7 } };
    const ann: Scope = { subject: 'ann', roles: [], filters: { customer_id: 7 } };
    const a1 = connect(events, {}, customerA);
    connect(events, {}, customerA);
    const refused = connect(events, {}, customerA).response;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('3');
    expect(Problem.parse(await refused.json()).detail).toMatch(/2 event streams of yours are open \(at most 2\)/);
    // Another customer, and a person by their sub (even of that customer), still get theirs.
    expect(connect(events, {}, customerB).response.status).toBe(200);
    expect(connect(events, {}, ann).response.status).toBe(200);
    expect(events.subjects()).toBe(3);
    // A scope naming nobody counts only against the instance bound.
    expect(connect(events).response.status).toBe(503);
    a1.abort();
    expect(connect(events, {}, customerA).response.status).toBe(200);
  });

  it('drops a client that stopped reading once its queue is full', async () => {
    setup();
    const stuck = connect(events);
    const reading = readSse(connect(events).response);
    await reading.next();
    for (let i = 0; i < MAX_QUEUED_FRAMES + 5; i += 1) {
      await bus.publish(['orders']);
      await reading.next();
    }
    expect(events.clients()).toBe(1);
    expect(warnings).toEqual(['event-stream client stopped reading; disconnecting it']);
    // Its unread frames are discarded, not kept until it reads them.
    await expect(stuck.response.body!.getReader().read()).rejects.toThrow(/stopped reading/);
  });

  it('ends every stream on close() and refuses new clients', async () => {
    setup();
    const reader = readSse(connect(events).response);
    await reader.next();
    events.close();
    expect(await reader.ended()).toBe(true);
    expect(events.clients()).toBe(0);
    expect(bus.listenerCount()).toBe(0);
    expect(connect(events).response.status).toBe(503);
  });

  it('refuses options that make no sense', () => {
    bus = createLocalBus();
    expect(() => createEventStream({ bus, heartbeatSeconds: 0 })).toThrow(/heartbeatSeconds/);
    expect(() => createEventStream({ bus, retryMs: 1.5 })).toThrow(/retryMs/);
    expect(() => createEventStream({ bus, maxClients: 0 })).toThrow(/maxClients/);
  });
});

const target = await redisTarget();

describe.skipIf(target.skip)('createEventStream across instances sharing Redis', () => {
  it('gets an invalidation published on another instance to the SSE client within a second', async () => {
    const channel = `dk-test:${randomUUID()}`;
    const a = createRedisBus({ url: target.url, channel });
    const b = createRedisBus({ url: target.url, channel });
    const streamB = createEventStream({ bus: b });
    try {
      await Promise.all([a.ready(), b.ready()]);
      const reader = readSse(connect(streamB).response);
      await reader.next();
      await a.publish(['orders']);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const frame = await Promise.race([
        reader.next(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('no event within 1 s')), 1000))),
      ]).finally(() => clearTimeout(timer));
      expect(frame.event).toBe('invalidate');
      expect(InvalidateEvent.parse(JSON.parse(frame.data!)).topics).toEqual(['orders']);
    } finally {
      streamB.close();
      await Promise.all([a.close(), b.close()]);
    }
  });
});
