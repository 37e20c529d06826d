/**
 * `dash-filter-change`: the user changed a `<dash-board>`'s filters — a click
 * (or Enter) on a customer bar, an aging slice or an aging-table customer, or
 * a removed chip. Fired by the board on user action only, never when a script
 * sets its `filter`, so a host can persist it without echo loops.
 */
import { DashEvent } from './dash-event.js';

/** One filter of a board: rows whose `dimension` (a `v1/meta` dimension id, or `bucket`) is `value`. */
export interface DashFilter {
  /** A dimension id from `v1/meta` (`customer`), or `bucket` for an aging bucket (the aging table's `bucket=`). */
  dimension: string;
  /** The value, e.g. a customer id `42` or a bucket id `days_31_60`. */
  value: string;
  /** What to show for the value (the customer's name), when known. */
  label?: string | undefined;
}

export interface FilterChangeDetail {
  /** Every filter now applied, after the change (empty when the last one was removed). */
  filters: DashFilter[];
}

/**
 * @example
 * board.addEventListener('dash-filter-change', (e) => console.log(e.detail.filters));
 */
export class DashFilterChangeEvent extends DashEvent<FilterChangeDetail> {
  static override readonly eventName = 'dash-filter-change';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dash-filter-change': DashFilterChangeEvent;
  }
}
