/** `GET {base}/v1/health`: source and cache status, per-endpoint counts and latency. */
import * as z from 'zod/mini';
import { CacheInfo, envelope } from './common.js';

const Status = z.enum(['ok', 'degraded', 'down']);

export const EndpointHealth = z.object({
  endpoint: z.string(),
  requests: z.int().check(z.nonnegative()),
  errors: z.int().check(z.nonnegative()),
  p50Ms: z.nullable(z.number()),
  p95Ms: z.nullable(z.number()),
});

export const HealthResponse = z.object({
  status: Status,
  uptimeSeconds: z.number(),
  source: z.object({
    kind: z.string(),
    status: Status,
    latencyMs: z.nullable(z.number()),
    error: z.optional(z.string()),
  }),
  ...envelope,
  /**
   * Both the response's own cache info (`hit`, `ageSeconds`, `stale`, as on
   * every response) and the cache driver's status: one key cannot hold two objects.
   */
  cache: z.object({
    ...CacheInfo.shape,
    driver: z.string(),
    status: Status,
    hitRatio: z.nullable(z.number().check(z.gte(0), z.lte(1))),
    hits: z.int(),
    misses: z.int(),
    entries: z.optional(z.int()),
  }),
  endpoints: z.array(EndpointHealth),
  /** Live updates: the invalidation bus, `v1/events` clients, LISTEN/NOTIFY. Optional: backends without them omit it. */
  live: z.optional(
    z.object({
      bus: z.object({ driver: z.string(), status: Status, listeners: z.int().check(z.nonnegative()) }),
      clients: z.int().check(z.nonnegative()),
      maxClients: z.int().check(z.nonnegative()),
      notify: z.optional(z.object({ status: Status })),
    }),
  ),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
