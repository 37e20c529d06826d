/**
 * The shape every cached JSON report shares: parse params → scope → cache key
 * → (engine on a miss) → stored body + `cache` → Response. Each endpoint file
 * only says which schema, which engine call and which topics.
 */
import type { Topic } from '../../src/contract/index.js';
import { parseQuery } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { paramsKey } from '../cache/cache.js';
import type { Engine } from '../engine/types.js';
import type { CachedReport } from '../options.js';
import type { Route, RouteRequest, ServerState } from './context.js';
import { cachedJson, parseParams } from './respond.js';

export interface ReportSpec<P extends object> {
  /** Route name in `v1/health`, cache-key endpoint and TTL key. */
  report: CachedReport;
  pattern: string;
  schema: Parameters<typeof parseQuery<P>>[0];
  /** Extra validation and key material from the path (e.g. the customer id). */
  pathParams?: (request: Pick<RouteRequest, 'params'>) => Record<string, string>;
  topics: (engine: Engine, params: P, path: Record<string, string>) => Topic[];
  compute: (
    engine: Engine,
    params: P,
    scope: Scope,
    path: Record<string, string>,
    state: ServerState,
  ) => Promise<object> | object;
}

/** A Route answering one cached JSON report. */
export function reportRoute<P extends object>(spec: ReportSpec<P>): Route {
  return {
    name: spec.report,
    pattern: spec.pattern,
    async handle(state: ServerState, request: RouteRequest): Promise<Response> {
      const params = parseParams(spec.schema, request.url.searchParams);
      const path = spec.pathParams?.(request) ?? {};
      const scope = await request.scope();
      const key = state.cacheKey(spec.report, { ...params, ...path }, scope);
      const policy = state.policy(spec.report, spec.topics(state.engine, params, path));
      const result = await state.cache.get(key, policy, async () => {
        const body = await spec.compute(state.engine, params, scope, path, state);
        return { ...body, generatedAt: state.now().toISOString() };
      });
      return cachedJson(state, request.request, result, policy.ttlSeconds);
    },
    cached: {
      // The same calls as `handle`, in the same order, minus the scope.
      prepare(state, query, params) {
        const parsed = parseParams(spec.schema, query);
        const path = spec.pathParams?.({ params }) ?? {};
        const policy = state.policy(spec.report, spec.topics(state.engine, parsed, path));
        return {
          endpoint: spec.report,
          paramsKey: paramsKey(spec.report, { ...parsed, ...path }),
          ttlSeconds: policy.ttlSeconds,
        };
      },
    },
  };
}
