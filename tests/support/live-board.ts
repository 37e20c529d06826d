/**
 * Live invalidation in browser tests: a `<dash-board live>` on the fixture
 * backend, and a way to prove that a widget did *not* refetch without
 * sleeping.
 *
 * @example
 * const api = fixtureBackend();
 * const board = await liveBoard(api, '<dash-low-stock></dash-low-stock><dash-stat-card metric="overdue"></dash-stat-card>');
 * // `invoices` moves the overdue card (the witness) and, per v1/meta, not low stock:
 * await emitSeen(api, board, ['invoices'], () => requestCount(api, 'v1/stats'), 2);
 * expect(await requestCount(api, 'v1/low-stock')).toBe(1);
 */
import { expect } from 'vitest';
import type { DashBoard } from '../../src/components/board/board.js';
import '../../src/define/board.js';
import '../../src/define/stat-card.js';
import type { FixtureBackend } from './fixture-backend.js';

const busy = (el: Element) => el.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('aria-busy');

/** Waits until none of the board's widgets is loading. */
export async function settledAll(board: DashBoard): Promise<void> {
  for (const el of board.children) await expect.poll(() => busy(el)).toBe('false');
}

/** A live board over `api` holding `children` (HTML), once every widget has loaded and the event stream is open. */
export async function liveBoard(api: FixtureBackend, children: string): Promise<DashBoard> {
  const board = document.createElement('dash-board');
  board.src = api.base;
  board.live = true;
  board.innerHTML = children;
  document.body.append(board);
  await expect.poll(async () => (await api.state()).clients).toBe(1);
  await settledAll(board);
  return board;
}

/** How many requests for `path` reached the server. */
export async function requestCount(api: FixtureBackend, path: string): Promise<number> {
  return (await api.requests(path)).length;
}

/**
 * Emits an `invalidate` for `topics` and waits until a witness (some request count the event must raise)
 * reaches `expected`, and the board's widgets have settled. Every widget sees the event in the same
 * update as the witness, so a widget that has not refetched by then did not take the event as its own.
 */
export async function emitSeen(
  api: FixtureBackend,
  board: DashBoard,
  topics: string[],
  witness: () => Promise<number>,
  expected: number,
): Promise<void> {
  expect(await api.emit(topics)).toBe(1);
  await expect.poll(witness).toBe(expected);
  await settledAll(board);
}
