// `tsc -p typing-check` must pass: every line under a @ts-expect-error has to BE a type
// error, or TypeScript reports the unused directive. It proves the JSX typing bites.
import type { DashPeriodChangeEvent } from 'dashkitjs/jsx';

export const fine = (
  <dash-board src="/api" token="t" live range="month" ondash-period-change={(e: DashPeriodChangeEvent) => e.detail}>
    <dash-stat-grid metrics="revenue,orders" compact noTrend />
    <dash-chart metrics="revenue" type="area" granularity="week" limit={5} />
    <dash-aging-table pageSize={25} ondash-row-toggle={(e) => e.detail} />
    <dash-low-stock limit={10} className="wide" />
  </dash-board>
);

export const misuses = [
  // @ts-expect-error `range` takes a preset name, not any string
  <dash-board range="fortnight" />,
  // @ts-expect-error `live` is a boolean
  <dash-board live="yes" />,
  // @ts-expect-error `token` is a string
  <dash-board token={42} />,
  // @ts-expect-error `limit` is a number
  <dash-low-stock limit="ten" />,
  // @ts-expect-error the chart has no `metric` (it is `metrics`)
  <dash-chart metric="revenue" />,
  // @ts-expect-error `period` is a getter: it cannot be set
  <dash-board period={{ range: 'month' }} />,
  // @ts-expect-error the period event's detail has no `start`
  <dash-board ondash-period-change={(e) => e.detail.start} />,
];
