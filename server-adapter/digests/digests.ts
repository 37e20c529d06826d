/**
 * The digest service: a timer per digest at its next cron slot (in its time
 * zone), a claim on the slot in the shared store so that one instance of
 * several sends it, the mail composed from the rendered board and sent with
 * retries, and the outcome kept for `v1/status` (and logged).
 */
import type { Board } from '../../src/contract/index.js';
import { describeError, type Logger } from '../logger.js';
import type { RenderedBoard } from '../render/types.js';
import { composeDigest, type RasterizeFn, type RenderFn } from './compose.js';
import { nextSlot, type Digest } from './config.js';
import type { Mailer } from './mail.js';
import type { DigestStore } from './store.js';

/**
 * How long a slot's claim lives: longer than any clock skew between
 * instances and a send with all its retries, so a late instance never sends
 * a slot again.
 */
export const SLOT_CLAIM_TTL_MS = 6 * 60 * 60_000;

/** setTimeout's longest delay; a later slot is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** One digest as `v1/status` lists it. */
export interface DigestStatus {
  id: string;
  board: string;
  schedule: string;
  timezone: string;
  lastSentAt: string | null;
  nextAt: string | null;
  lastError?: { at: string; message: string };
}

export interface DigestsOptions {
  digests: readonly Digest[];
  boards: ReadonlyMap<string, Board>;
  render: RenderFn;
  rasterize: RasterizeFn;
  /** Undefined without `--smtp-url`: scheduled digests are not sent and `v1/status` says why. */
  mailer: Mailer | undefined;
  store: DigestStore;
  logger: Logger;
  now: () => Date;
}

export interface Digests {
  readonly ids: readonly string[];
  /** Sets the timers; `stop` clears them. */
  start(): void;
  stop(): void;
  /**
   * Sends slot `slot` of digest `id` if this caller claims it: `sent`, `taken` (another instance or an
   * earlier run has it) or `failed` (after the retries; the error is logged and kept for `v1/status`).
   */
  runSlot(id: string, slot: Date): Promise<'sent' | 'taken' | 'failed'>;
  /** Sends digest `id` now, to `to` or its own recipients, outside any schedule; resolves to the message id. */
  sendNow(id: string, to?: readonly string[]): Promise<string>;
  /** Renders digest `id` in its format, as it would be attached. */
  renderFile(id: string): Promise<RenderedBoard>;
  /** Every digest with its last outcome and next slot. */
  status(): Promise<DigestStatus[]>;
}

/** An unknown digest id (the CLI's usage error). */
export class UnknownDigestError extends Error {
  constructor(id: string, known: readonly string[]) {
    super(`no digest "${id}"; digests: ${known.length ? known.join(', ') : '(none declared)'}`);
    this.name = 'UnknownDigestError';
  }
}

export function createDigests(options: DigestsOptions): Digests {
  const { digests, boards, render, rasterize, mailer, store, logger, now } = options;
  const byId = new Map(digests.map((d) => [d.id, d]));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let running = false;

  const digestOf = (id: string): Digest => {
    const d = byId.get(id);
    if (!d) throw new UnknownDigestError(id, [...byId.keys()]);
    return d;
  };

  async function send(d: Digest, to?: readonly string[]): Promise<string> {
    if (!mailer) throw new Error('no SMTP server configured: pass --smtp-url and --mail-from (or DASHKIT_SMTP_URL)');
    const { message } = await composeDigest({
      digest: d,
      board: boards.get(d.board)!,
      render,
      rasterize,
      to,
      at: now(),
    });
    return mailer.send(message, (error, attempt) =>
      logger.warn('digest send failed; retrying', { digest: d.id, attempt, error: describeError(error) }),
    );
  }

  async function runSlot(id: string, slot: Date): Promise<'sent' | 'taken' | 'failed'> {
    const d = digestOf(id);
    if (!(await store.claim(d.id, slot.toISOString(), SLOT_CLAIM_TTL_MS))) return 'taken';
    try {
      const messageId = await send(d);
      await store.sent(d.id, now().toISOString());
      logger.info('digest sent', { digest: d.id, slot: slot.toISOString(), to: d.to.length, messageId });
      return 'sent';
    } catch (error) {
      const message = describeError(error);
      logger.error('digest not sent', { digest: d.id, slot: slot.toISOString(), error: message });
      await store.failed(d.id, now().toISOString(), message).catch(() => {});
      return 'failed';
    }
  }

  function schedule(d: Digest, after: Date): void {
    if (!running) return;
    const slot = nextSlot(d, after);
    if (!slot) return;
    const wait = (): void => {
      const left = slot.getTime() - now().getTime();
      if (left > 0) {
        const timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
        timer.unref?.();
        timers.set(d.id, timer);
        return;
      }
      void runSlot(d.id, slot)
        .catch((error: unknown) => logger.error('digest slot failed', { digest: d.id, error: describeError(error) }))
        .finally(() => schedule(d, slot));
    };
    wait();
  }

  return {
    ids: [...byId.keys()],
    start() {
      if (running) return;
      running = true;
      if (digests.length && !mailer)
        logger.warn('digests are configured but no SMTP server is; they will not be sent', {
          digests: [...byId.keys()],
        });
      for (const d of digests) schedule(d, now());
    },
    stop() {
      running = false;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    runSlot,
    sendNow: async (id, to) => send(digestOf(id), to),
    async renderFile(id) {
      const d = digestOf(id);
      return render(boards.get(d.board)!, { format: d.format, scope: d.scope });
    },
    async status() {
      const records = await store.records([...byId.keys()]).catch(() => new Map());
      const t = now();
      return digests.map((d) => {
        const r = records.get(d.id);
        const next = nextSlot(d, t);
        const error = r?.lastError
          ? { at: r.lastErrorAt ?? t.toISOString(), message: r.lastError }
          : mailer
            ? undefined
            : { at: t.toISOString(), message: 'no SMTP server configured (--smtp-url)' };
        return {
          id: d.id,
          board: d.board,
          schedule: d.schedule,
          timezone: d.timezone,
          lastSentAt: r?.lastSentAt ?? null,
          nextAt: next ? next.toISOString() : null,
          ...(error ? { lastError: error } : {}),
        };
      });
    },
  };
}
