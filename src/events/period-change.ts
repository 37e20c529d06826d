/**
 * `dash-period-change`: the user picked another period. Fired by
 * `<dash-period-filter>` (and so seen bubbling out of `<dash-board>`) on user
 * action only — never when a script sets `range` — so a host can persist it
 * without echo loops.
 */
import type { CompareMode, Range } from '../contract/common.js';

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
export class DashPeriodChangeEvent extends CustomEvent<DashPeriod> {
  static readonly eventName = 'dash-period-change';

  constructor(detail: DashPeriod) {
    super(DashPeriodChangeEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'dash-period-change': DashPeriodChangeEvent;
  }
}
