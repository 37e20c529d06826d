import type { customRangeEn } from '../locales/en-custom-range.js';
import type { arrivalsEn } from '../locales/en-arrivals.js';
import type { chartEn } from '../locales/en-chart.js';
import type { invoicesEn } from '../locales/en-invoices.js';

/**
 * Every text a widget shows or announces, in English (built in). The keys are the message ids a host
 * overrides with `registerMessages(locale, {...})`; the other languages live in src/locales/ and must
 * have every key (the type checks it). `{name}` is a parameter; an object is a plural message chosen
 * by `n` through `Intl.PluralRules`.
 *
 * Texts only an on-demand chunk shows are not here but in src/locales/en-*.ts, which that chunk imports
 * (the custom-range form's, a row's invoices): a page pays for them when a user opens what shows them.
 * They are message ids like the others ({@link MessageKey}).
 */
export const en = {
  // Shared states and controls.
  loading: 'Loading…',
  retry: 'Retry',
  loadFailed: 'Could not load {what}: {reason}',
  refreshFailed: 'Could not refresh {what}: {reason}',
  stale: 'Stale',
  staleTitle: 'The server could not refresh this data; it may be out of date',
  of: 'of',
  previous: 'Previous',
  next: 'Next',
  unknown: 'unknown',
  errServer: 'the server could not answer just now',
  errNetwork: 'the server could not be reached',
  errDenied: 'you do not have access to this data',
  errContract: 'the server sent an answer this page cannot read',
  // Board.
  filters: 'Filters',
  removeFilter: 'Remove filter {name}: {value}',
  age: 'Age',
  current: 'Current',
  // Period filter.
  period: 'Period',
  today: 'Today',
  week: 'This week',
  month: 'This month',
  quarter: 'This quarter',
  year: 'This year',
  lastDays: { one: 'Last day', other: 'Last {n} days' },
  'fiscal-quarter': 'This fiscal quarter',
  'fiscal-year': 'This fiscal year',
  custom: 'Custom',
  compareWith: 'Compare with',
  comparePrevious: 'Previous period',
  compareYear: 'Same period last year',
  compareNone: 'No comparison',
  // Stat card.
  thisFigure: 'this figure',
  theFigures: 'the figures',
  asOfNow: 'As of now',
  vs: 'vs {label}',
  againstPrevious: 'the previous period',
  againstYear: 'the same period last year',
  noChange: 'no change figure against {against}',
  unchanged: 'unchanged against {against}',
  up: 'up {size} against {against}',
  down: 'down {size} against {against}',
  trend: 'Trend: {points}.',
  trendSummary: 'Trend from {first} to {last}: lowest {low} on {lowDay}, highest {high} on {highDay}, last {end}.',
  // Low stock.
  lowStock: 'Low stock',
  lowStockWhat: 'low stock',
  outOfStockCount: { one: '{n} out of stock', other: '{n} out of stock' },
  allAboveReorder: 'All products are above their reorder level.',
  lowStockCaption: 'Products at or below their reorder level, most urgent first',
  product: 'Product',
  status: 'Status',
  stock: 'Stock',
  cover: 'Cover',
  soldPerDay: 'Sold / day',
  reorderAt: 'reorder at',
  noCover: 'none, out of stock',
  outOfStock: 'Out of stock',
  low: 'Low',
  noRecentSales: 'unknown, no recent sales',
  // Activity.
  activity: 'Activity',
  activityWhat: 'activity',
  noActivity: 'No activity yet.',
  showMore: 'Show more',
  filterBy: 'Filter the board by {name}',
  // Status.
  dataStatus: 'Data status',
  statusWhat: 'the status',
  live: 'Live',
  liveUpdated: 'Live · updated {when}',
  updated: 'Updated {when}',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  someStale: 'Some data is stale',
  staleWidgets: { one: '{n} widget shows stale data', other: '{n} widgets show stale data' },
  pipelineFailed: '{label} failed',
  pipelineLate: '{label} late',
  refresh: 'Refresh',
  lateDue: 'late, due {when}',
  noRun: 'no run yet',
  runningSince: 'running, started {when}',
  failedAt: 'failed {when}',
  syncedAt: 'synced {when}',
  // Chart.
  metricBy: '{metric} by {by}',
  share: 'Share',
  receivablesByAge: 'Receivables by age',
  asOf: 'As of {date}',
  amountDue: 'Amount due',
  weekOf: 'Week of {date}',
  monthName: 'Month',
  weekName: 'Week',
  dateName: 'Date',
  other: 'Other',
  showTable: 'Show data table',
  hideTable: 'Hide data table',
  dataTable: '{title}, data table',
  notDrawn: '{name} {amount}, not drawn',
  notDrawnShort: 'not drawn',
  theChart: 'the chart',
  noData: 'No data for this period',
  chartLibraryFailed: 'Could not load the charting library: {reason}',
  newData: 'Updated: {what}',
  // Aging table.
  receivablesAging: 'Receivables aging',
  agingWhat: 'the aging report',
  byInvoiceDate: 'by invoice date',
  byDueDate: 'by due date',
  searchCustomers: 'Search customers',
  agingTable: 'Receivables aging table',
  exportCsv: 'Export CSV',
  export: 'Export',
  print: 'Print',
  exportFailed: 'Could not export {what}: {reason}',
  receivable: 'Receivable',
  overdue: 'Overdue',
  customers: 'Customers',
  atRisk: 'At risk (over 90 days)',
  customer: 'Customer',
  total: 'Total',
  agingCaption: 'Receivables by customer and age, as of {date}',
  noMatch: 'No customer matches “{query}”.',
  noReceivables: 'No open receivables.',
  invoicesWhat: 'the invoices of {name}',
} as const;

/** Every message id: the built-in English above, and that of the on-demand chunks. */
export type MessageKey =
  | keyof typeof en
  | keyof typeof customRangeEn
  | keyof typeof invoicesEn
  | keyof typeof chartEn
  | keyof typeof arrivalsEn;

/** A message with plural forms, chosen by the `n` parameter through `Intl.PluralRules`; `other` is required. */
export type PluralMessage = { [C in Intl.LDMLPluralRule]?: string } & { other: string };

/** One text: `{name}` placeholders are replaced by parameters (numbers formatted in the locale). */
export type Message = string | PluralMessage;

/** Every widget text of one language: a built-in catalog has them all, a host's may have any subset. */
export type Messages = Record<MessageKey, Message>;
