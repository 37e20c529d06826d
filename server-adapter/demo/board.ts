/**
 * The demo page's board as JSON (SPEC §7 "Boards"): what `dashkit demo` and
 * `dashkit serve --demo` name `demo`, so `v1/boards/demo/render.pdf` prints
 * the page. Same widgets, in the same order, as server-adapter/bin/demo/page.ts.
 */
import type { Board } from '../../src/contract/index.js';

export const DEMO_BOARD: Board = {
  title: 'Acme Commerce',
  range: '30d',
  widgets: [
    {
      type: 'stat-grid',
      metrics: 'revenue,orders,average_order_value,new_customers,conversion_rate,receivables,overdue,low_stock_items',
    },
    { type: 'chart', metrics: 'revenue,orders', chartType: 'area', label: 'Revenue and orders' },
    { type: 'chart', report: 'aging', chartType: 'donut', label: 'Receivables by age' },
    {
      type: 'chart',
      breakdown: 'customer',
      metrics: 'revenue',
      chartType: 'bar',
      limit: 8,
      label: 'Top customers by revenue',
    },
    { type: 'low-stock', limit: 5 },
    { type: 'aging-table', pageSize: 10 },
    { type: 'activity', limit: 8 },
  ],
};
