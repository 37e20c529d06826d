/** Fired by `<dash-aging-table>` when the user sorts by a column. */

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
export class DashSortChangeEvent extends CustomEvent<SortChangeDetail> {
  static readonly eventName = 'dash-sort-change';

  constructor(detail: SortChangeDetail) {
    super(DashSortChangeEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dash-sort-change': DashSortChangeEvent;
  }
}
