/**
 * The board's backend: the client its widgets share, and `v1/meta` (the locale and currency defaults, and
 * whether a live stream exists), asked again later and later while it fails.
 */
import type { MetaResponse } from '../../contract/meta.js';
import { clientFor, createClient, type DashClient } from '../../internal/client.js';

/** Longest wait between two attempts at `v1/meta` (as between two of the live stream's, internal/live.ts). */
const MAX_RETRY_MS = 30_000;

/** The client of `src`: the one every board and widget on it shares, unless a token or credentials set it apart. */
export function boardClient(
  src: string | undefined,
  token: string | (() => string | Promise<string>) | undefined,
  credentials: RequestCredentials | undefined,
): DashClient | undefined {
  if (!src) return undefined;
  if (!token && !credentials) return clientFor(src);
  return createClient({ base: src, token, credentials });
}

/**
 * Hands `v1/meta` to `done`. A failure is shown by the widgets (which ask too); this tries again after
 * `delayMs()`, doubled per failed attempt up to 30 s. `signal` stops it, waits included.
 */
export function loadMeta(
  client: DashClient,
  signal: AbortSignal,
  delayMs: () => number,
  done: (meta: MetaResponse) => void,
  attempt = 0,
): void {
  client.meta(signal).then(
    (meta) => {
      if (!signal.aborted) done(meta);
    },
    () => {
      if (signal.aborted) return;
      const retry = () => signal.aborted || loadMeta(client, signal, delayMs, done, attempt + 1);
      setTimeout(retry, Math.min(delayMs() * 2 ** attempt, MAX_RETRY_MS));
    },
  );
}
