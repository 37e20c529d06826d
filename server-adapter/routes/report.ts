/**
 * A cached JSON report route: which schema parses its query, how the path
 * adds to it, and which engine report answers. The core (handler.ts) runs
 * the rest — authorise, cache key, cache read or compute, answer — the same
 * way for `handle` and for `peek`, from the one `PreparedReport` this makes.
 */
import { parseQuery } from '../../src/contract/index.js';
import { paramsKey } from '../cache/entry.js';
import type { EngineReport } from '../engine/types.js';
import type { CachedReport } from '../options.js';
import { READ_METHODS } from './methods.js';
import type { PreparedReport, ReportRoute, ServerState } from './context.js';
import { parseParams } from './respond.js';

export interface ReportSpec<Q extends object, P extends object> {
  /** Endpoint name in `v1/health`, cache-key endpoint and TTL key. */
  name: CachedReport;
  pattern: string;
  schema: Parameters<typeof parseQuery<Q>>[0];
  /** The query's parameters plus the path's, checked (the drill-down's customer id). */
  withPath?: (query: Q, path: Readonly<Record<string, string>>) => P;
  /** The engine report answering it (or a report of the server's own, such as meta). */
  report(state: ServerState): EngineReport<P, object>;
}

/** A Route answering one cached JSON report. */
export function reportRoute<Q extends object, P extends object = Q>(spec: ReportSpec<Q, P>): ReportRoute {
  // The name access rules use: the endpoint's (`v1/low-stock` → `low-stock`; a drill-down shares its report's).
  const publicName = spec.pattern.split('/')[1] ?? spec.name;
  return {
    kind: 'report',
    name: spec.name,
    pattern: spec.pattern,
    methods: READ_METHODS,
    prepare(state, query, path): PreparedReport {
      const parsed = parseParams(spec.schema, query);
      const params = spec.withPath ? spec.withPath(parsed, path) : (parsed as unknown as P);
      const report = spec.report(state);
      let policy: ReturnType<PreparedReport['policy']> | undefined;
      return {
        name: spec.name,
        paramsKey: paramsKey(spec.name, params),
        policy: () => (policy ??= state.policy(spec.name, report.topics(params))),
        access: (scope) => state.engine.checkAccess?.(publicName, scope),
        compute: async (scope) => ({
          ...(await report.compute(params, scope)),
          generatedAt: state.now().toISOString(),
        }),
      };
    },
  };
}
