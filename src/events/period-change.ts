/**
 * `dash-period-change`: the user picked another period. Fired by
 * `<dash-period-filter>` (and so seen bubbling out of `<dash-board>`) on user
 * action only — never when a script sets `range` — so a host can persist it
 * without echo loops.
 */
import type { CompareMode, Range } from '../contract/common.js';
import { DashEvent } from './dash-event.js';

export interface DashPeriod {
  range: Range;
  /** First day, `YYYY-MM-DD`, with `range: 'custom'`; otherwise undefined. */
  from?: string | undefined;
  /** Last day, `YYYY-MM-DD`, with `range: 'custom'`; otherwise undefined. */
  to?: string | undefined;
  compare: CompareMode;
}

/**
 * @example
 * board.addEventListener('dash-period-change', (e) => localStorage.setItem('period', JSON.stringify(e.detail)));
 */
export class DashPeriodChangeEvent extends DashEvent<DashPeriod> {
  static override readonly eventName = 'dash-period-change';
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dash-period-change': DashPeriodChangeEvent;
  }
}
