/**
 * Which metrics a board's filters narrow, by `v1/meta`: shared by the
 * widgets' requests and the server renderer's. Pure.
 */
import type { MetaResponse } from '../contract/meta.js';

/**
 * `[narrowed, whole]`: the metric ids every filter's dimension applies to
 * (per `v1/meta` `metrics[].dimensions`; a metric that lists none takes any),
 * and the rest, read without the filters.
 */
export function narrowed(
  meta: Pick<MetaResponse, 'metrics'>,
  ids: readonly string[],
  filters: readonly { dimension: string }[],
): [readonly string[], readonly string[]] {
  const takes = (id: string) => {
    const dims = meta.metrics.find((m) => m.id === id)?.dimensions;
    return filters.length > 0 && (!dims || filters.every((f) => dims.includes(f.dimension)));
  };
  return [ids.filter(takes), ids.filter((id) => !takes(id))];
}
