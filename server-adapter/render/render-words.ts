/**
 * What a catalog of the renderer's words holds (see words.ts): one string per
 * word or phrase, `{x}` placeholders filled in by `fill`.
 */
/** Every word the renderer writes, in one language. `{x}` placeholders are filled in by `fill` (words.ts). */
export interface RenderWords {
  asOfNow: string;
  /** "vs {dates}". */
  vs: string;
  /** "As of {date}". */
  asOf: string;
  byDueDate: string;
  byInvoiceDate: string;
  up: string;
  down: string;
  unchanged: string;
  noChange: string;
  againstPrevious: string;
  againstYearAgo: string;
  receivablesAging: string;
  receivable: string;
  overdue: string;
  customers: string;
  atRisk: string;
  customer: string;
  total: string;
  noReceivables: string;
  lowStock: string;
  product: string;
  status: string;
  stock: string;
  cover: string;
  soldPerDay: string;
  outOfStock: string;
  low: string;
  /** "{quantity}, reorder at {level}". */
  reorderAt: string;
  /** "{n} out of stock". */
  outOfStockCount: string;
  allAbove: string;
  activity: string;
  when: string;
  what: string;
  amount: string;
  noActivity: string;
  /** "{title} (continued)". */
  continued: string;
  noData: string;
  /** "Generated {date}". */
  generated: string;
  /** Joins metric names in a chart title: "Revenue and orders". */
  and: string;
  previousPeriod: string;
  sameLastYear: string;
  /** "{metric} by {breakdown}". */
  by: string;
  /** "Week of {date}". */
  weekOf: string;
  date: string;
  week: string;
  month: string;
  share: string;
  age: string;
  amountDue: string;
  receivablesByAge: string;
}
