/**
 * The board's filters as the user sees and changes them: a widget's click toggling one, the labels and
 * period responses echo, and the row of removable chips above the widgets.
 */
import { html, type TemplateResult } from 'lit';
import type { AppliedFilter } from '../../contract/common.js';
import type { MetaResponse } from '../../contract/meta.js';
import type { DashFilter } from '../../events/filter-change.js';
import { msg } from '../../internal/i18n.js';

/** `filters` after a widget's click on `f`: the user's filter on that dimension, or none when it already had this value. */
export function toggled(filters: DashFilter[], f: DashFilter): DashFilter[] {
  const others = filters.filter((x) => x.dimension !== f.dimension);
  return filters.some((x) => x.dimension === f.dimension && x.value === f.value) ? others : [...others, f];
}

/** What a response echoed: the labels of its `filters` (the customer's name behind `customer:42`) and its period. */
export interface Echo {
  labels: Record<string, string>;
  /** The period of the last part that had one. */
  period?: { from: string; to: string } | undefined;
}

/**
 * The labels a response echoed in `filters`, added to `labels`, and the days it resolved its period to: the
 * response itself (a card's data) and each response it holds (a grid's `stats`, a chart's `response`).
 */
export function echoed(data: unknown, labels: Readonly<Record<string, string>>): Echo {
  const echo: Echo = { labels: { ...labels } };
  for (const part of [data, ...Object.values(data ?? {})] as {
    filters?: AppliedFilter[];
    period?: { from: string; to: string };
  }[]) {
    for (const f of part?.filters ?? []) echo.labels[`${f.dimension}:${f.value}`] = f.label;
    if (part?.period?.from) echo.period = part.period;
  }
  return echo;
}

/**
 * The chips of `filters`, each a button that removes its filter (`remove`); the row is hidden while there is
 * none. Dimensions are named by `v1/meta` (`dimensions`), an aging bucket as "Age".
 */
export function renderChips(
  filters: DashFilter[],
  locale: string,
  dimensions: MetaResponse['dimensions'],
  remove: (f: DashFilter) => void,
): TemplateResult {
  const name = (d: string) => (d === 'bucket' ? msg(locale, 'age') : (dimensions?.find((x) => x.id === d)?.label ?? d));
  return html`<div
    part="filters"
    class="filters"
    role="group"
    aria-label=${msg(locale, 'filters')}
    ?hidden=${!filters.length}
  >
    ${filters.map(
      (f) =>
        html`<button
          part="chip"
          class="chip"
          type="button"
          aria-label=${msg(locale, 'removeFilter', { name: name(f.dimension), value: f.label ?? f.value })}
          @click=${() => remove(f)}
        >
          ${name(f.dimension)}: ${f.label ?? f.value}<span aria-hidden="true">×</span>
        </button>`,
    )}
  </div>`;
}
