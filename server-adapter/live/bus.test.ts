import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TOPICS } from '../../src/contract/index.js';
import { redisTarget } from '../cache/store.suite.js';
import type { Logger } from '../logger.js';
import { createLocalBus, type InvalidationBus, type InvalidationEvent } from './bus.js';
import { createRedisBus } from './redis-bus.js';

const target = await redisTarget();

/** A logger whose calls can be awaited. */
function recordingLogger() {
  const calls = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  const waiting: { level: keyof typeof calls; count: number; resolve: () => void }[] = [];
  const record = (level: keyof typeof calls) => (message: string) => {
    calls[level].push(message);
    for (const w of waiting.filter((w) => w.level === level && calls[level].length >= w.count)) w.resolve();
  };
  const logger: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  /** Resolves once `level` has been logged `count` times in all. */
  const until = (level: keyof typeof calls, count: number) =>
    calls[level].length >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.push({ level, count, resolve }));
  return { logger, calls, until };
}

/** Collects a bus's events; `next()` resolves with the next one not yet taken. */
function collector(bus: InvalidationBus) {
  const events: InvalidationEvent[] = [];
  let taken = 0;
  let wake: (() => void) | undefined;
  const off = bus.subscribe((event) => {
    events.push(event);
    wake?.();
  });
  async function next(): Promise<InvalidationEvent> {
    while (events.length <= taken) await new Promise<void>((resolve) => (wake = resolve));
    return events[taken++]!;
  }
  /** Skips events until one matches. */
  async function nextMatching(match: (event: InvalidationEvent) => boolean): Promise<InvalidationEvent> {
    for (;;) {
      const event = await next();
      if (match(event)) return event;
    }
  }
  return { events, next, nextMatching, off };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

describe('createLocalBus', () => {
  it('delivers to every subscriber with normalised topics, a timestamp and its origin', async () => {
    const bus = createLocalBus();
    const a = collector(bus);
    const b = collector(bus);
    await bus.publish(['orders', 'customers', 'orders']);
    for (const c of [a, b]) {
      expect(c.events).toHaveLength(1);
      expect(c.events[0]).toMatchObject({ topics: ['customers', 'orders'], origin: bus.id });
      expect(new Date(c.events[0]!.at).toISOString()).toBe(c.events[0]!.at);
    }
    expect(bus.status()).toBe('ok');
    await expect(bus.ready()).resolves.toBeUndefined();
  });

  it('stops delivering after unsubscribe, and counts its listeners', async () => {
    const bus = createLocalBus();
    const a = collector(bus);
    const b = collector(bus);
    expect(bus.listenerCount()).toBe(2);
    a.off();
    a.off();
    await bus.publish(['products']);
    expect(a.events).toHaveLength(0);
    expect(b.events).toHaveLength(1);
    expect(bus.listenerCount()).toBe(1);
  });

  it('keeps delivering when one listener throws, and logs it', async () => {
    const { logger, calls } = recordingLogger();
    const bus = createLocalBus({ logger });
    bus.subscribe(() => {
      throw new Error('boom');
    });
    const after = collector(bus);
    await bus.publish(['invoices']);
    expect(after.events).toHaveLength(1);
    expect(calls.error).toEqual(['invalidation listener failed']);
  });

  it('rejects unknown topics, ignores an empty list, and goes quiet after close()', async () => {
    const bus = createLocalBus();
    const c = collector(bus);
    await expect(bus.publish(['nope' as 'orders'])).rejects.toThrow(/topics: expected any of .* got "nope"/);
    await bus.publish([]);
    await bus.close();
    await bus.publish(['orders']);
    expect(c.events).toHaveLength(0);
    expect(bus.listenerCount()).toBe(0);
  });
});

describe.skipIf(target.skip)('createRedisBus against Redis', () => {
  const opened: InvalidationBus[] = [];
  const open = (options: Parameters<typeof createRedisBus>[0]) => {
    const bus = createRedisBus(options);
    opened.push(bus);
    return bus;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((bus) => bus.close()));
  });

  it('carries an invalidation from one instance to another within a second, without echo', async () => {
    const channel = `dk-test:${randomUUID()}`;
    const a = open({ url: target.url, channel });
    const b = open({ url: target.url, channel });
    await withTimeout(Promise.all([a.ready(), b.ready()]), 5000, 'buses ready');
    expect(a.status()).toBe('ok');
    const onA = collector(a);
    const onB = collector(b);

    await a.publish(['orders']);
    // Local delivery happens inside publish.
    expect(onA.events).toEqual([expect.objectContaining({ topics: ['orders'], origin: a.id })]);
    const received = await withTimeout(onB.next(), 1000, 'event on the other instance');
    expect(received).toMatchObject({ topics: ['orders'], origin: a.id, at: onA.events[0]!.at });

    // Redis delivers in publish order: had A's own message come back to A, it would sit before B's.
    await b.publish(['invoices']);
    await withTimeout(onA.next(), 1000, 'first event on A');
    expect(await withTimeout(onA.next(), 1000, 'B’s event on A')).toMatchObject({ topics: ['invoices'], origin: b.id });
    expect(onA.events.map((e) => e.origin)).toEqual([a.id, b.id]);
    expect(onB.events.map((e) => e.origin)).toEqual([a.id, b.id]);
  });

  it('uses clients it is given and leaves them open on close()', async () => {
    const channel = `dk-test:${randomUUID()}`;
    const publisher = new Redis(target.url);
    const subscriber = new Redis(target.url);
    const other = open({ url: target.url, channel });
    const given = createRedisBus({ publisher, subscriber, channel });
    await withTimeout(Promise.all([given.ready(), other.ready()]), 5000, 'buses ready');
    const onOther = collector(other);
    await given.publish(['products']);
    expect(await withTimeout(onOther.next(), 1000, 'event')).toMatchObject({ topics: ['products'], origin: given.id });
    await given.close();
    expect(await publisher.ping()).toBe('PONG');
    expect(subscriber.status).toBe('ready');
    await Promise.all([publisher.quit(), subscriber.quit()]);
  });

  it('forwards what it published while cut off once it reconnects, and resyncs its own subscribers', async () => {
    const channel = `dk-test:${randomUUID()}`;
    const { logger, calls, until } = recordingLogger();
    const publisher = new Redis(target.url);
    const subscriber = new Redis(target.url);
    const a = createRedisBus({ publisher, subscriber, channel, logger });
    const b = open({ url: target.url, channel });
    await withTimeout(Promise.all([a.ready(), b.ready()]), 5000, 'buses ready');
    const onA = collector(a);
    const onB = collector(b);

    // Only A loses Redis; B stays connected.
    publisher.disconnect();
    await until('warn', 1);
    expect(a.status()).toBe('degraded');
    await a.publish(['invoices']);
    await a.publish(['orders']);
    expect(onA.events.map((e) => e.topics)).toEqual([['invoices'], ['orders']]);
    expect(onB.events).toHaveLength(0);

    await publisher.connect();
    await withTimeout(a.ready(), 5000, 'A resumed');
    // Both topics, merged into one message.
    expect(await withTimeout(onB.next(), 1000, 'pending topics on B')).toMatchObject({
      topics: ['orders', 'invoices'],
      origin: a.id,
    });
    expect(onA.events.at(-1)).toMatchObject({ topics: [...TOPICS], origin: a.id });
    expect(calls.info).toEqual(['redis invalidation bus resumed']);
    await a.close();
    await Promise.all([publisher.quit(), subscriber.quit()]);
  });

  it('ignores messages it did not write', async () => {
    const channel = `dk-test:${randomUUID()}`;
    const bus = open({ url: target.url, channel });
    await withTimeout(bus.ready(), 5000, 'bus ready');
    const seen = collector(bus);
    const raw = new Redis(target.url);
    await raw.publish(channel, 'not json');
    await raw.publish(
      channel,
      JSON.stringify({ v: 2, topics: ['orders'], at: new Date().toISOString(), origin: 'v2' }),
    );
    await raw.publish(channel, JSON.stringify({ v: 1, topics: ['orders'], at: new Date().toISOString(), origin: 'x' }));
    // Pub/sub keeps order: the first event seen is the valid third message.
    expect(await withTimeout(seen.next(), 1000, 'valid message')).toMatchObject({ topics: ['orders'], origin: 'x' });
    expect(seen.events).toHaveLength(1);
    await raw.quit();
  });
});

describe('createRedisBus with Redis unreachable at start', () => {
  it('delivers locally, never rejects, logs once, and keeps retrying', async () => {
    const { logger, calls, until } = recordingLogger();
    // Port 1: connection refused at once. Clients passed in so the test can count their reconnect attempts.
    const options = { retryStrategy: () => 10, enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true };
    const publisher = new Redis('redis://127.0.0.1:1', options);
    const subscriber = new Redis('redis://127.0.0.1:1', options);
    let errors = 0;
    const enoughErrors = new Promise<void>((resolve) =>
      publisher.on('error', () => {
        if (++errors === 5) resolve();
      }),
    );
    const bus = createRedisBus({ publisher, subscriber, logger });
    const seen = collector(bus);
    await until('warn', 1);
    await bus.publish(['orders']);
    await bus.publish(['customers']);
    expect(seen.events.map((e) => e.topics)).toEqual([['orders'], ['customers']]);
    expect(bus.status()).toBe('degraded');
    await withTimeout(enoughErrors, 5000, 'reconnect attempts');
    expect(calls.warn).toHaveLength(1);
    expect(calls.warn[0]).toMatch(/unavailable/);
    await bus.close();
    publisher.disconnect();
    subscriber.disconnect();
  });
});

/** `redis-server` on PATH (or REDIS_SERVER); in CI the private-server test must run. */
const redisServer = process.env.REDIS_SERVER ?? 'redis-server';
const haveRedisServer = spawnSync(redisServer, ['--version']).status === 0;

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a throwaway redis-server and resolves once it accepts connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    redisServer,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    }),
    10_000,
    'redis-server start',
  );
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe.skipIf(!haveRedisServer && process.env.CI !== 'true')('createRedisBus when its Redis dies and returns', () => {
  let server: ChildProcess | undefined;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    if (server) await stopRedis(server);
  });

  it('falls back to local delivery, logs once per bus, and resumes (catching up) when Redis is back', async () => {
    const port = await sparePort();
    const url = `redis://127.0.0.1:${port}`;
    server = await startRedis(port);
    const logA = recordingLogger();
    const logB = recordingLogger();
    const a = createRedisBus({ url, logger: logA.logger });
    const b = createRedisBus({ url, logger: logB.logger });
    await withTimeout(Promise.all([a.ready(), b.ready()]), 5000, 'buses ready');
    const onA = collector(a);
    const onB = collector(b);
    await a.publish(['orders']);
    expect(await withTimeout(onB.next(), 1000, 'event before the outage')).toMatchObject({ origin: a.id });

    await stopRedis(server);
    await withTimeout(Promise.all([logA.until('warn', 1), logB.until('warn', 1)]), 5000, 'outage noticed');
    expect(a.status()).toBe('degraded');
    // Still delivered on this instance; never thrown.
    const publishing = vi.fn(() => a.publish(['invoices']));
    await expect(publishing()).resolves.toBeUndefined();
    expect(onA.events.at(-1)).toMatchObject({ topics: ['invoices'], origin: a.id });
    expect(onB.events).toHaveLength(1);

    server = await startRedis(port);
    await withTimeout(Promise.all([a.ready(), b.ready()]), 10_000, 'buses resumed');
    expect([a.status(), b.status()]).toEqual(['ok', 'ok']);
    // B may have missed events while it was not listening: its own subscribers are told every topic once. (What A
    // published meanwhile reaches B only if B resubscribed first; the resync covers the other order.)
    await withTimeout(
      onB.nextMatching((e) => e.origin === b.id && e.topics.length === TOPICS.length),
      1000,
      'resync on B',
    );

    await a.publish(['products']);
    await withTimeout(
      onB.nextMatching((e) => e.origin === a.id && e.topics.includes('products')),
      1000,
      'event after the outage',
    );
    expect(logA.calls.warn).toHaveLength(1);
    expect(logB.calls.warn).toHaveLength(1);
    expect(logA.calls.info).toEqual(['redis invalidation bus resumed']);
    await Promise.all([a.close(), b.close()]);
    expect(unhandled).toEqual([]);
  }, 30_000);
});
