/**
 * What a catalog of the renderer's words holds (see words.ts): one string per
 * word or phrase, `{x}` placeholders filled in by `fill`; and which of them a
 * widget says too, so they are read from the widgets' catalogs.
 */
import type { MessageKey } from '../../src/internal/messages-en.js';

/** Every word the renderer writes, in one language. `{x}` placeholders are filled in by `fill` (words.ts). */
export interface RenderWords {
  asOfNow: string;
  /** "vs {label}": `label` is the comparison's dates. */
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
  /** "{metric} by {by}": `by` is the breakdown's name. */
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

/**
 * The render words a widget says too, by the widgets' message id: read from their catalogs
 * (engine/catalogs.ts), never copied; a language whose board words one otherwise says so in its
 * `…_UNLIKE_WIDGETS` (words-ltr.ts, words-rtl.ts).
 */
export const FROM_WIDGETS = {
  asOfNow: 'asOfNow',
  vs: 'vs',
  asOf: 'asOf',
  byDueDate: 'byDueDate',
  byInvoiceDate: 'byInvoiceDate',
  receivablesAging: 'receivablesAging',
  receivable: 'receivable',
  overdue: 'overdue',
  customers: 'customers',
  atRisk: 'atRisk',
  customer: 'customer',
  total: 'total',
  noReceivables: 'noReceivables',
  lowStock: 'lowStock',
  product: 'product',
  status: 'status',
  stock: 'stock',
  cover: 'cover',
  soldPerDay: 'soldPerDay',
  outOfStock: 'outOfStock',
  low: 'low',
  allAbove: 'allAboveReorder',
  activity: 'activity',
  noActivity: 'noActivity',
  by: 'metricBy',
  weekOf: 'weekOf',
  date: 'dateName',
  week: 'weekName',
  month: 'monthName',
  share: 'share',
  age: 'age',
  amountDue: 'amountDue',
  receivablesByAge: 'receivablesByAge',
} as const satisfies Partial<Record<keyof RenderWords, MessageKey>>;

/** The words only the renderer writes, in one language. */
export type OwnWords = Omit<RenderWords, keyof typeof FROM_WIDGETS>;

/** The words a language's rendered boards put otherwise than its widgets. */
export type UnlikeWidgets = Partial<Pick<RenderWords, keyof typeof FROM_WIDGETS>>;
