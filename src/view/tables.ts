/**
 * What the table widgets say — the aging report's "As of …", summary,
 * bucket columns and cells; low stock's rows; an activity item's facts — as
 * plain data the widgets and the server renderer share. Pure: no DOM, no Lit.
 */
import type { ActivityItem } from '../contract/activity.js';
import type { AgingResponse } from '../contract/aging.js';
import type { LowStockItem, LowStockResponse } from '../contract/low-stock.js';
import { formatDate, formatValue, numberFormat, type FormatContext } from '../internal/format.js';
import { msg, type MessageKey } from '../internal/i18n.js';
import { agingTone } from './theme.js';

/** A table column: its id, heading and whether it holds numbers (aligned to the end). */
export interface ColumnView {
  id: string;
  label: string;
  numeric: boolean;
  /** An aging bucket's tone, 0–5: the `aging-N` colour of its mark (see `agingTone`). */
  tone?: number;
}

/** One entry of a summary line: "Overdue: $12,000.00 (35%)". */
export interface SummaryItem {
  label: string;
  value: string;
  /** Bad news, drawn in the bad colour. */
  bad?: boolean;
}

/** A table's cells as text; `bad` cells are drawn in the bad colour. */
export interface RowView {
  cells: string[];
  bad?: readonly boolean[];
}

export interface TableView {
  title: string;
  subtitle?: string;
  summary: SummaryItem[];
  columns: ColumnView[];
  rows: RowView[];
  /** What an empty table says instead. */
  empty: string;
}

/** "As of 21 Nov 2026 · by due date". */
export function agingSubtitle(report: Pick<AgingResponse, 'asOf' | 'basis'>, locale: string): string {
  return `${msg(locale, 'asOf', { date: formatDate(report.asOf, locale) })} · ${msg(locale, report.basis === 'invoice' ? 'byInvoiceDate' : 'byDueDate')}`;
}

/** The aging table's columns: customer, each bucket, total, overdue. */
export function agingColumns(report: Pick<AgingResponse, 'buckets'>, locale: string): ColumnView[] {
  return [
    { id: 'name', label: msg(locale, 'customer'), numeric: false },
    ...report.buckets.map((b, i, all) => ({ id: b.id, label: b.label, numeric: true, tone: agingTone(i, all.length) })),
    { id: 'total', label: msg(locale, 'total'), numeric: true },
    { id: 'overdue', label: msg(locale, 'overdue'), numeric: true },
  ];
}

/** The aging summary: receivable, overdue (and its share), customers, at risk. */
export function agingSummary(report: Pick<AgingResponse, 'summary'>, format: FormatContext): SummaryItem[] {
  const s = report.summary;
  const count = (n: number) => numberFormat(format.locale, {}).format(n);
  const t = (key: 'receivable' | 'overdue' | 'customers' | 'atRisk') => msg(format.locale, key);
  return [
    { label: t('receivable'), value: formatValue(s.receivable, 'currency', format) },
    // Nothing overdue is no alarm: plain text, and no "(0 %)".
    Number(s.overdue) > 0
      ? {
          label: t('overdue'),
          value: `${formatValue(s.overdue, 'currency', format)} (${formatValue(s.overdueRatio, 'percent', format)})`,
          bad: true,
        }
      : { label: t('overdue'), value: formatValue(s.overdue, 'currency', format) },
    { label: t('customers'), value: count(s.customers) },
    { label: t('atRisk'), value: count(s.atRiskCustomers) },
  ];
}

/** An amount of the aging table: money, zero when absent. */
export const agingMoney = (v: string | number | undefined, format: FormatContext): string =>
  formatValue(v ?? 0, 'currency', format);

/** The whole aging report as a table. */
export function agingView(report: AgingResponse, format: FormatContext): TableView {
  return {
    title: msg(format.locale, 'receivablesAging'),
    subtitle: agingSubtitle(report, format.locale),
    summary: agingSummary(report, format),
    columns: agingColumns(report, format.locale),
    rows: report.customers.map((c) => ({
      cells: [
        c.name,
        ...report.buckets.map((b) => agingMoney(c.buckets[b.id], format)),
        agingMoney(c.total, format),
        agingMoney(c.overdue, format),
      ],
      bad: [...report.buckets.map(() => false), false, false, Number(c.overdue) > 0].map((b, i) => i > 0 && b),
    })),
    empty: msg(format.locale, 'noReceivables'),
  };
}

/** The text of one low-stock row. */
export interface LowStockRowView {
  name: string;
  sku: string;
  /** "Out of stock" or "Low". */
  badge: string;
  /** 0–1: how full the meter is. */
  level: number;
  quantity: string;
  reorderLevel: string;
  /** "4.5 days", or null when unknown (no recent sales). */
  cover: string | null;
  /** Units sold per day, or null when unknown. */
  demand: string | null;
}

/** One low-stock row as text. */
export function lowStockRow(item: LowStockItem, format: FormatContext): LowStockRowView {
  const n = (v: number, digits = 0) => numberFormat(format.locale, { maximumFractionDigits: digits }).format(v);
  const days = (v: number) =>
    numberFormat(format.locale, { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 }).format(
      v,
    );
  return {
    name: item.name,
    sku: item.sku,
    badge: msg(format.locale, item.status === 'out' ? 'outOfStock' : 'low'),
    // The bar spans twice the reorder level, with a tick at the level: a low item (at or below it) never looks full.
    level: item.reorderLevel > 0 ? Math.min(Math.max(item.quantity / (2 * item.reorderLevel), 0), 1) : 0,
    quantity: n(item.quantity),
    reorderLevel: n(item.reorderLevel),
    // Out of stock has no cover to speak of: "—", not "0 days" beside the badge that already says so.
    cover:
      item.status === 'out' || item.daysOfCover === null || item.daysOfCover === undefined
        ? null
        : days(item.daysOfCover),
    demand: item.dailyDemand === null || item.dailyDemand === undefined ? null : n(item.dailyDemand, 1),
  };
}

/** "3 out of stock". */
export const outOfStockText = (count: number, locale: string): string => msg(locale, 'outOfStockCount', { n: count });

/** The low-stock report as a table. */
export function lowStockView(report: LowStockResponse, format: FormatContext): TableView {
  const hasDemand = report.items.some((i) => i.dailyDemand !== undefined);
  const hasCover = report.items.some((i) => i.daysOfCover !== undefined);
  const t = (key: MessageKey) => msg(format.locale, key);
  const columns: ColumnView[] = [
    { id: 'name', label: t('product'), numeric: false },
    { id: 'status', label: t('status'), numeric: false },
    { id: 'stock', label: t('stock'), numeric: false },
    ...(hasCover ? [{ id: 'cover', label: t('cover'), numeric: true }] : []),
    ...(hasDemand ? [{ id: 'demand', label: t('soldPerDay'), numeric: true }] : []),
  ];
  return {
    title: t('lowStock'),
    ...(report.total > 0 ? { subtitle: outOfStockText(report.outOfStock, format.locale) } : {}),
    summary: [],
    columns,
    rows: report.items.map((item) => {
      const row = lowStockRow(item, format);
      return {
        cells: [
          `${row.name} (${row.sku})`,
          row.badge,
          `${row.quantity}, ${t('reorderAt')} ${row.reorderLevel}`,
          ...(hasCover ? [row.cover ?? '—'] : []),
          ...(hasDemand ? [row.demand ?? '—'] : []),
        ],
        bad: [false, item.status === 'out'],
      };
    }),
    empty: t('allAboveReorder'),
  };
}

/** The facts of one activity item beside its title and customer. */
export function activityAmount(item: ActivityItem, format: FormatContext): string | undefined {
  return item.amount !== undefined ? formatValue(item.amount, 'currency', format) : undefined;
}
