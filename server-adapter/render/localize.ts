/**
 * The shared view model (src/view/, the chart model) writes its own words in
 * English — the widgets replace them from their catalogs, and the browser
 * bundle has no room for a second copy. The renderer puts the board's locale
 * back in here: each function takes the view built from a report and the
 * report itself, and rewrites only the words, from {@link renderWords}; the
 * numbers, dates and data (customer and product names) stay as built.
 */
import type { ActivityItem, AgingResponse, Comparison, LowStockResponse } from '../../src/contract/index.js';
import type { ChartData, ChartModel } from '../../src/components/chart/chart-model.js';
import { formatChange, formatDate, formatDateRange, type FormatContext } from '../../src/internal/format.js';
import type { StatView } from '../../src/view/stat.js';
import { lowStockRow, type TableView } from '../../src/view/tables.js';
import { fill, type RenderWords } from './words.js';

/** A stat card's footer ("As of now", "vs 8 Oct – 6 Nov") in the board's words. */
export function localStat(
  view: StatView,
  comparison: Comparison,
  change: number | null,
  locale: string,
  w: RenderWords,
): StatView {
  const f = view.footer;
  if (f.kind === 'as-of') return { ...view, footer: { kind: 'as-of', text: w.asOfNow } };
  if (f.kind !== 'change' || !comparison) return view;
  const dates = formatDateRange(comparison.from, comparison.to, locale, { withYear: comparison.mode === 'year' });
  const against = comparison.mode === 'year' ? w.againstYearAgo : w.againstPrevious;
  const direction = f.change.direction;
  const spoken =
    change === null || direction === 'none'
      ? `${w.noChange} ${against}`
      : direction === 'flat'
        ? `${w.unchanged} ${against}`
        : `${direction === 'up' ? w.up : w.down} ${formatChange(change, locale)} ${against}`;
  return {
    ...view,
    footer: {
      ...f,
      change: { ...f.change, spoken } as typeof f.change,
      comparison: fill(w.vs, { label: dates }),
      comparisonTitle: fill(w.vs, { label: comparison.label }),
    },
  };
}

/** The aging table's title, "As of …", summary labels, columns and empty text in the board's words. */
export function localAging(
  table: TableView,
  report: Pick<AgingResponse, 'asOf' | 'basis'>,
  locale: string,
  w: RenderWords,
): TableView {
  const labels = [w.receivable, w.overdue, w.customers, w.atRisk];
  const columns = table.columns.map((c) =>
    c.id === 'name'
      ? { ...c, label: w.customer }
      : c.id === 'total'
        ? { ...c, label: w.total }
        : c.id === 'overdue'
          ? { ...c, label: w.overdue }
          : c,
  );
  return {
    ...table,
    title: w.receivablesAging,
    subtitle: `${fill(w.asOf, { date: formatDate(report.asOf, locale) })} · ${report.basis === 'invoice' ? w.byInvoiceDate : w.byDueDate}`,
    summary: table.summary.map((s, i) => ({ ...s, label: labels[i] ?? s.label })),
    columns,
    empty: w.noReceivables,
  };
}

/** The low-stock table in the board's words (badges, "reorder at", headings). */
export function localLowStock(
  table: TableView,
  report: LowStockResponse,
  format: FormatContext,
  w: RenderWords,
): TableView {
  const headings: Record<string, string> = {
    name: w.product,
    status: w.status,
    stock: w.stock,
    cover: w.cover,
    demand: w.soldPerDay,
  };
  const count = new Intl.NumberFormat(format.locale).format(report.outOfStock);
  return {
    ...table,
    title: w.lowStock,
    ...(table.subtitle !== undefined ? { subtitle: fill(w.outOfStockCount, { n: count }) } : {}),
    columns: table.columns.map((c) => ({ ...c, label: headings[c.id] ?? c.label })),
    rows: table.rows.map((row, r) => {
      const item = report.items[r];
      if (!item) return row;
      const text = lowStockRow(item, format);
      const cells = [...row.cells];
      cells[1] = item.status === 'out' ? w.outOfStock : w.low;
      cells[2] = fill(w.reorderAt, { quantity: text.quantity, level: text.reorderLevel });
      return { ...row, cells };
    }),
    empty: w.allAbove,
  };
}

/** An activity item's title with its detail (`v1/activity` already wrote the commerce feed's own in the locale). */
export function activityTitle(item: ActivityItem): string {
  return item.detail ? `${item.title} · ${item.detail}` : item.title;
}

/** A chart model's own words (title, axis and series names, "As of …", "Week of …") in the board's words. */
export function localChart(model: ChartModel, data: ChartData, format: FormatContext, w: RenderWords): ChartModel {
  switch (data.kind) {
    case 'series': {
      const { response, infos } = data;
      const comparison = response.comparison;
      const which = comparison?.mode === 'year' ? w.sameLastYear : w.previousPeriod;
      const week = response.granularity === 'week';
      const fullWeek = (t: string) =>
        fill(w.weekOf, { date: formatDate(t, format.locale, { day: 'numeric', month: 'short', year: 'numeric' }) });
      const sep = /^(fa|ar)\b/.test(format.locale) ? '، ' : ', ';
      const columns = model.columns.map((col) => {
        // The widgets' model joins a comparison's name with the locale's comma (", " or Persian/Arabic "، ").
        const info = infos.find((m) => col.name.startsWith(`${m.label}, `) || col.name.startsWith(`${m.label}، `));
        if (!col.previous || !info) return col;
        const name = `${info.label}${sep}${which}`;
        const previous = response.series.find((s) => s.metric === info.id)?.previous;
        return {
          ...col,
          name,
          heading: `${name} (${comparison?.label ?? ''})`,
          ...(week && previous ? { titles: previous.map((p) => fullWeek(p.t)) } : {}),
        };
      });
      const first = response.series[0]?.points ?? [];
      return {
        ...model,
        title:
          model.title === infos.map((m) => m.label).join(' and ') ? infos.map((m) => m.label).join(w.and) : model.title,
        categoryName: response.granularity === 'month' ? w.month : week ? w.week : w.date,
        ...(week ? { categoryTitles: first.map((p) => fullWeek(p.t)) } : {}),
        columns,
      };
    }
    case 'breakdown': {
      const { info, byLabel } = data;
      const generated = `${info.label} by ${byLabel.toLowerCase()}`;
      return {
        ...model,
        title:
          model.title === generated
            ? fill(w.by, {
                metric: info.label,
                // Lower case inside a sentence, except German nouns (and scripts without case).
                by: /^de\b/.test(format.locale) ? byLabel : byLabel.toLocaleLowerCase(format.locale),
              })
            : model.title,
        columns: model.columns.map((col) => (col.name === 'Share' ? { ...col, name: w.share, heading: w.share } : col)),
      };
    }
    case 'aging':
      return {
        ...model,
        title: model.title === 'Receivables by age' ? w.receivablesByAge : model.title,
        subtitle: fill(w.asOf, { date: formatDate(data.response.asOf, format.locale) }),
        categoryName: w.age,
        columns: model.columns.map((col) => ({ ...col, name: w.amountDue, heading: w.amountDue })),
      };
  }
}
