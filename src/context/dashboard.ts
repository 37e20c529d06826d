/**
 * What a `<dash-board>` shares with the widgets inside it. A widget's own
 * attributes win over the board's, so one card can show a different range
 * than its neighbours.
 *
 * Widgets rarely read this directly: `ReportController` (src/internal/report.ts)
 * consumes it, merges the period and refetches on `revision`/`topicRevisions`.
 */
import { createContext } from '../internal/context.js';
import type { CompareMode, Range } from '../contract/common.js';
import type { MetaResponse } from '../contract/meta.js';
import type { DashFilter } from '../events/filter-change.js';
import type { DashClient } from '../internal/client.js';
import type { Freshness } from '../internal/freshness.js';

export interface DashboardContext {
  /** Client for the board's `src`, carrying its token or credentials. */
  client: DashClient;
  range?: Range | undefined;
  /** First day of a custom range, `YYYY-MM-DD`. */
  from?: string | undefined;
  /** Last day of a custom range, `YYYY-MM-DD`. */
  to?: string | undefined;
  compare?: CompareMode | undefined;
  /** The board's `locale`, else the backend's from `v1/meta` once loaded. */
  locale?: string | undefined;
  /** The board's own `locale` attribute, if set: what requests send (the backend's default needs no saying). */
  requestLocale?: string | undefined;
  /** The board's `calendar`, if set. */
  calendar?: string | undefined;
  /** The board's `week-start`, if set. */
  weekStart?: number | undefined;
  /** The board's `currency`, else the backend's from `v1/meta` once loaded. */
  currency?: string | undefined;
  /** Bumped when every widget must refetch (a manual refresh, a reconnect after missed events). */
  revision: number;
  /**
   * Per invalidation topic (`orders`, `products`…), how many live `invalidate`
   * events named it. A widget refetches when a topic its data depends on moves.
   */
  topicRevisions?: Readonly<Record<string, number>> | undefined;
  /** `v1/meta` of the board's backend once loaded (widgets still ask the client, which shares one request). */
  meta?: MetaResponse | undefined;
  /** The palette in effect: the board's `theme`, with `auto` resolved through `prefers-color-scheme`. */
  theme?: 'light' | 'dark' | undefined;
  /** The board's filters (its `filter`), labelled where known; each widget sends the ones its report takes. */
  filters?: readonly DashFilter[] | undefined;
  /**
   * Sets a filter on the board as the user's choice (fires `dash-filter-change`): replaces the filter on that
   * dimension, or removes it when it already has this value. Any widget may call it (`ReportController.select`).
   */
  select?: ((filter: DashFilter) => void) | undefined;
  /**
   * Tells the board what a response echoed (`filters` with labels, so its chips can name the values; with
   * `boardPeriod`, a widget on the board's period, the `period` the server resolved).
   */
  echo?: ((data: unknown, boardPeriod?: boolean) => void) | undefined;
  /** The board's period as a response resolved it (`range` it was asked with): what a custom range starts from. */
  period?: { range: Range; from: string; to: string } | undefined;
  /** The board's live-stream state and which widgets show stale data, for `<dash-status>`; one object per board. */
  freshness?: Freshness | undefined;
}

/**
 * A string key rather than a `Symbol`: a page that loads the CDN bundle and
 * an npm build of dashkit still connects boards and widgets across the two.
 */
export const dashboardContext = createContext<DashboardContext | undefined>('dashkit:dashboard');
