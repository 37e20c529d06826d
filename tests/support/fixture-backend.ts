/**
 * Browser-side handle on the fixture server (tests/support/fixture-server.ts):
 * each call makes a private namespace, so a test's controls, request log and
 * live events never reach another test.
 *
 * @example
 * const api = fixtureBackend();
 * board.src = api.base;
 * await api.control({ fail: { path: 'v1/stats' } });
 * expect(await api.requests('v1/stats')).toHaveLength(1);
 */
import { inject } from 'vitest';
import type { Actions, Controls, LoggedRequest, NamespaceState } from './fixture-server.js';

export type { Actions, Controls, LoggedRequest, NamespaceState };

export interface FixtureBackend {
  /** Base URL to give widgets as `src`: `{origin}/t/<namespace>`. */
  readonly base: string;
  /** Sets controls and runs actions (see `Controls` and `Actions`). */
  control(body: Controls & Actions): Promise<{ delivered: number }>;
  /** Requests that reached the server, optionally only those for one path (e.g. `v1/stats`). */
  requests(path?: string): Promise<LoggedRequest[]>;
  /** Open live streams and the number of invalidations so far. */
  state(): Promise<NamespaceState>;
  /** Sends an `invalidate` event for these topics; resolves with how many streams got it. */
  emit(topics: string[]): Promise<number>;
  /** Sets the session cookie `dashkit_session=<namespace>` for this server (sent by requests with credentials). */
  login(): Promise<void>;
}

let counter = 0;

export function fixtureBackend(): FixtureBackend {
  const origin = inject('fixtureServer');
  if (!origin)
    throw new Error('fixtureServer not provided: run with `vitest --project browser` (vitest.config.ts globalSetup)');
  const base = `${origin}/t/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${++counter}`;
  const post = async (body: unknown) => {
    const res = await fetch(`${base}/__control`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`fixture control failed: ${res.status}`);
    return (await res.json()) as { delivered: number };
  };
  return {
    base,
    control: post,
    async requests(path) {
      const log = (await (await fetch(`${base}/__requests`)).json()) as LoggedRequest[];
      return path ? log.filter((r) => r.path === path) : log;
    },
    async state() {
      return (await (await fetch(`${base}/__state`)).json()) as NamespaceState;
    },
    async emit(topics) {
      return (await post({ emit: { topics } })).delivered;
    },
    async login() {
      await fetch(`${base}/__login`, { credentials: 'include' });
    },
  };
}
