/**
 * The route table and the matcher. Patterns are paths under the base path
 * with `{name}` standing for exactly one segment.
 */
import { activityRoute } from './activity.js';
import { agingInvoicesRoute } from './aging-invoices.js';
import { agingRoute } from './aging.js';
import { boardRoute, boardsRoute, renderRoutes } from './boards.js';
import { breakdownRoute } from './breakdown.js';
import type { Route } from './context.js';
import { eventsRoute } from './events.js';
import { exportRoute } from './export.js';
import { healthRoute } from './health.js';
import { invalidateRoute } from './invalidate.js';
import { lowStockRoute } from './low-stock.js';
import { metaRoute } from './meta.js';
import { segmentsRoute } from './segments.js';
import { seriesRoute } from './series.js';
import { statsRoute } from './stats.js';
import { pipelineRunRoute, statusRoute } from './status.js';

export const ROUTES: readonly Route[] = [
  metaRoute,
  statsRoute,
  seriesRoute,
  breakdownRoute,
  segmentsRoute,
  agingRoute,
  agingInvoicesRoute,
  lowStockRoute,
  activityRoute,
  healthRoute,
  statusRoute,
  pipelineRunRoute,
  exportRoute,
  eventsRoute,
  invalidateRoute,
  boardsRoute,
  boardRoute,
  ...renderRoutes,
];

/** Split a pattern once, at load time. */
const COMPILED = ROUTES.map((route) => ({ route, segments: route.pattern.split('/') }));

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/**
 * Find the route for `segments` (the raw, still percent-encoded path after
 * the base path, split on `/`). A segment that is not valid percent-encoding
 * matches nothing.
 */
export function matchRoute(segments: readonly string[]): Match | undefined {
  for (const { route, segments: pattern } of COMPILED) {
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i] ?? '';
      const got = segments[i] ?? '';
      if (want.startsWith('{')) {
        try {
          params[want.slice(1, -1)] = decodeURIComponent(got);
        } catch {
          ok = false;
        }
      } else ok = want === got;
    }
    if (ok) return { route, params };
  }
  return undefined;
}
