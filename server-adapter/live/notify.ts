/**
 * PostgreSQL LISTEN/NOTIFY → invalidations (`dashkit serve --listen-notify`).
 *
 * One dedicated connection (a pooled one would be handed to queries and lose
 * the LISTEN) waits on channel `dashkit_invalidate`; the triggers that
 * `dashkit triggers` installs NOTIFY it with a topic (`orders`), a JSON
 * array of topics (`["orders","products"]`), or a JSON object that also says
 * when the changed rows are (`{"topics":["orders"],"table":"public.orders",
 * "column":"ordered_at","times":[…]}` or `"from"`/`"to"`) whenever a
 * commerce table changes. Each notification becomes `onTopics(topics,
 * times)`, which the server turns into `server.invalidate(…)`; other payloads
 * are logged and ignored.
 *
 * The connection is re-opened with backoff whenever it is lost. Notifications
 * sent meanwhile are gone (PostgreSQL does not queue them for a listener that
 * is not connected), so after an outage every topic is invalidated once.
 */
import { TOPICS, type Topic } from '../../src/contract/index.js';
import { quoteIdent } from '../engine/sql.js';
import { DEFAULT_LOGGER, type Logger } from '../logger.js';
import { loadPg } from '../optional.js';
import { type ChangedTimes, changedTimes } from './times.js';

/** The channel `dashkit triggers` notifies. */
export const NOTIFY_CHANNEL = 'dashkit_invalidate';
/** First pause before reconnecting; doubled per failed attempt up to the maximum. */
export const NOTIFY_RECONNECT_MIN_DELAY_MS = 100;
/** Longest pause: a restarted database is picked up within seconds without hammering one that is still down. */
export const NOTIFY_RECONNECT_MAX_DELAY_MS = 5000;
/** Payloads longer than this are not ours (PostgreSQL allows 8000 bytes; the triggers stay well below). */
const MAX_PAYLOAD_LENGTH = 8000;

const TOPIC_SET: ReadonlySet<string> = new Set(TOPICS);

/**
 * The topics in a notification payload: one topic (`orders`) or a JSON array
 * of topics. Undefined when the payload names no known topic.
 */
export function parseNotifyPayload(payload: string | undefined): Topic[] | undefined {
  return parseNotification(payload)?.topics;
}

/** A notification: its topics, and when the changed rows are when the payload says so. */
export interface Notification {
  topics: Topic[];
  times?: ChangedTimes;
}

/**
 * A payload as the triggers write it: a topic, a JSON array of topics, or a
 * JSON object `{topics, table?, column?, times? | from?/to?}`. Undefined
 * when it is none of them; an object whose times do not parse is read as
 * untimed (anything may have changed), never rejected.
 */
export function parseNotification(payload: string | undefined): Notification | undefined {
  const text = (payload ?? '').trim();
  if (text === '' || text.length > MAX_PAYLOAD_LENGTH) return undefined;
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    const topics = topicsOf(Array.isArray(v.topics) ? (v.topics as unknown[]) : [v.topics]);
    if (!topics) return undefined;
    let times: ChangedTimes | undefined;
    try {
      times = changedTimes({
        ...(Array.isArray(v.times) ? { times: v.times as string[] } : {}),
        ...(typeof v.from === 'string' ? { from: v.from } : {}),
        ...(typeof v.to === 'string' ? { to: v.to } : {}),
      });
    } catch {
      times = undefined;
    }
    if (times && typeof v.table === 'string') times = { ...times, table: v.table };
    if (times && typeof v.column === 'string') times = { ...times, column: v.column };
    return { topics, ...(times ? { times } : {}) };
  }
  let names: unknown[];
  if (text.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      if (!Array.isArray(value)) return undefined;
      names = value;
    } catch {
      return undefined;
    }
  } else {
    names = [text];
  }
  const topics = topicsOf(names);
  return topics ? { topics } : undefined;
}

function topicsOf(names: unknown[]): Topic[] | undefined {
  const topics = TOPICS.filter((topic) => names.includes(topic));
  // A payload naming anything unknown is not one we wrote: ignore it whole rather than guess.
  if (topics.length === 0 || names.some((name) => typeof name !== 'string' || !TOPIC_SET.has(name))) return undefined;
  return topics;
}

export interface NotifyListenerOptions {
  /** `postgres://…`; the listener opens its own connection. */
  databaseUrl: string;
  /** @default NOTIFY_CHANNEL */
  channel?: string;
  /** Called per notification (and with every topic, untimed, after an outage); errors are logged. */
  onTopics: (topics: Topic[], times?: ChangedTimes) => void | Promise<void>;
  logger?: Logger;
}

export interface NotifyListener {
  /** `degraded` while the connection is down and being re-opened. */
  status(): 'ok' | 'degraded';
  /** Resolves once LISTEN is in place (at once if it is), or when closed. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The part of a `pg.Client` used here. */
interface ListenClient {
  connect(): Promise<unknown>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

/**
 * @example
 * const listener = listenNotify({ databaseUrl, onTopics: (topics) => server.invalidate(topics) });
 * await listener.ready();
 */
export function listenNotify(options: NotifyListenerOptions): NotifyListener {
  const channel = options.channel ?? NOTIFY_CHANNEL;
  const logger = options.logger ?? DEFAULT_LOGGER;
  let client: ListenClient | undefined;
  let listening = false;
  let closed = false;
  let attempts = 0;
  let everListened = false;
  let outage = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiters: (() => void)[] = [];

  function deliver(topics: Topic[], times?: ChangedTimes): void {
    Promise.resolve()
      .then(() => options.onTopics(topics, times))
      .catch((error: unknown) =>
        logger.error('LISTEN/NOTIFY invalidation failed', {
          topics,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }

  function lost(from: ListenClient, error?: Error): void {
    if (from !== client || closed) return;
    client = undefined;
    listening = false;
    from.end().catch(() => {});
    if (!outage) {
      outage = true;
      logger.warn('LISTEN/NOTIFY connection lost; reconnecting', {
        channel,
        ...(error ? { error: error.message } : {}),
      });
    }
    schedule();
  }

  function schedule(): void {
    if (closed || timer) return;
    const delay = Math.min(NOTIFY_RECONNECT_MIN_DELAY_MS * 2 ** attempts, NOTIFY_RECONNECT_MAX_DELAY_MS);
    attempts += 1;
    timer = setTimeout(() => {
      timer = undefined;
      void open();
    }, delay);
    timer.unref?.();
  }

  async function open(): Promise<void> {
    if (closed) return;
    let next: ListenClient;
    try {
      const pg = (await loadPg('LISTEN/NOTIFY (--listen-notify)')).default;
      next = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 5000, keepAlive: true });
    } catch (error) {
      logger.error('LISTEN/NOTIFY cannot start: the optional dependency "pg" is not installed', {
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    client = next;
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel !== channel || closed) return;
      const notification = parseNotification(message.payload);
      if (notification) deliver(notification.topics, notification.times);
      else
        logger.warn('LISTEN/NOTIFY: ignored a payload that names no known topic', {
          channel,
          payload: message.payload?.slice(0, 100),
        });
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      if (client === next) {
        client = undefined;
        next.end().catch(() => {});
        if (!outage) {
          outage = true;
          logger.warn('LISTEN/NOTIFY cannot connect; retrying', {
            channel,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        schedule();
      }
      return;
    }
    if (client !== next || closed) {
      await next.end().catch(() => {});
      return;
    }
    listening = true;
    attempts = 0;
    if (outage) {
      outage = false;
      logger.info('LISTEN/NOTIFY resumed', { channel });
    }
    // Notifications sent while nobody listened are lost: whatever they said, it is all stale now.
    if (everListened) deliver([...TOPICS]);
    everListened = true;
    const resolved = waiters;
    waiters = [];
    for (const resolve of resolved) resolve();
  }

  void open();

  return {
    status: () => (listening ? 'ok' : 'degraded'),
    ready() {
      if (listening || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      const resolved = waiters;
      waiters = [];
      for (const resolve of resolved) resolve();
      const current = client;
      client = undefined;
      listening = false;
      await current?.end().catch(() => {});
    },
  };
}
