/** Fired by `<dash-aging-table>` when the user expands or collapses a customer's invoices. */
import type { Id } from '../contract/common.js';
import { DashEvent } from './dash-event.js';

export interface RowToggleDetail {
  /** The customer's id as `v1/aging` gave it. */
  id: Id;
  /** `true` when the row was opened. */
  expanded: boolean;
}

/**
 * The user opened or closed a row's details.
 *
 * @example
 * table.addEventListener('dash-row-toggle', (e) => console.log(e.detail.id, e.detail.expanded));
 */
export class DashRowToggleEvent extends DashEvent<RowToggleDetail> {
  static override readonly eventName = 'dash-row-toggle';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dash-row-toggle': DashRowToggleEvent;
  }
}
