/**
 * The live stream of a `<dash-board live>`: `{src}/v1/events` with its token, kept open while the board
 * wants it. Loaded by the board on demand, once `v1/meta` says the backend has a stream, so a page without
 * `live` never downloads it (nor the `invalidate` event's schema).
 */
import { LiveConnection, type LiveOptions } from '../../internal/live.js';

/** What the stream needs from the board: its public properties. */
export interface LiveBoard {
  readonly src?: string | undefined;
  readonly token?: string | (() => string | Promise<string>) | undefined;
  readonly eventsToken?: string | (() => string | Promise<string>) | undefined;
  readonly credentials?: RequestCredentials | undefined;
}

/**
 * A board's live connection: the function returned opens (or keeps, when nothing it depends on changed) the
 * stream of the board it is given, and closes it when given none.
 */
export function boardLive(options: LiveOptions): (board?: LiveBoard) => void {
  const live = new LiveConnection(options);
  return (board) => {
    if (!board?.src) return live.connect(undefined);
    const base = new URL(`${board.src.replace(/\/+$/, '')}/v1/events`, document.baseURI).href;
    const token = board.eventsToken ?? board.token;
    const withCredentials = board.credentials === 'include';
    live.connect({
      key: JSON.stringify([base, typeof token === 'function' ? 'fn' : token, withCredentials]),
      withCredentials,
      // EventSource cannot send headers: the token travels as `access_token`, accepted on this endpoint only.
      url: async () => {
        const value = typeof token === 'function' ? await token() : token;
        if (!value) return base;
        const url = new URL(base);
        url.searchParams.set('access_token', value);
        return url.href;
      },
    });
  };
}
