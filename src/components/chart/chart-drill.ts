/**
 * Which board filter a drawn item of `<dash-chart>` stands for, and whether its items stand for any. Asked only
 * once ECharts is there (the chart then has keys) and when the user picks an item (a click, or the arrow keys and
 * Enter), which the drawing code (chart-view.ts) handles: so it travels in the lazy ECharts chunk, not in every
 * page's widgets.
 */
import type { DashFilter } from '../../events/filter-change.js';
import type { ChartData } from './chart-model.js';

/**
 * The board filter behind the `i`-th drawn item: a customer of a breakdown over a dimension (its key), or an
 * aging bucket; none for a time series or the `other` row.
 */
export function filterAt(data: ChartData, i: number): DashFilter | undefined {
  if (data.kind === 'series') return undefined;
  if (data.kind === 'aging') {
    const b = data.response.buckets[i];
    return b && { dimension: 'bucket', value: b.id, label: b.label };
  }
  const row = data.response.rows[i];
  const dimension = data.meta.breakdowns.find((b) => b.id === data.response.by)?.dimension;
  return dimension && row && row.key !== 'other' ? { dimension, value: row.key, label: row.label } : undefined;
}

/**
 * Whether the drawn items stand for board filters: aging buckets, or the rows of a breakdown over a filter
 * dimension. Asked once ECharts is there (the chart then has keys).
 */
export const drills = (data: ChartData): boolean =>
  data.kind === 'aging' ||
  (data.kind === 'breakdown' && data.meta.breakdowns.some((b) => b.id === data.response.by && b.dimension));
