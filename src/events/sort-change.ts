/** Fired by `<dash-aging-table>` when the user sorts by a column. */
import { DashEvent } from './dash-event.js';

export interface SortChangeDetail {
  /** Column id: `name`, `total`, `overdue` or a bucket id such as `days_1_30`. */
  sort: string;
  order: 'asc' | 'desc';
}

/**
 * The user chose another sort column or flipped the order. Not fired when
 * `sort` or `order` is set from code.
 *
 * @example
 * table.addEventListener('dash-sort-change', (e) => save(e.detail.sort, e.detail.order));
 */
export class DashSortChangeEvent extends DashEvent<SortChangeDetail> {
  static override readonly eventName = 'dash-sort-change';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dash-sort-change': DashSortChangeEvent;
  }
}
