import { adoptStyles, html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { COMPARE_MODES, type CompareMode, RANGES, type Range } from '../../contract/common.js';
import { dashboardContext, type DashboardContext } from '../../context/dashboard.js';
import { DashPeriodChangeEvent, type DashPeriod } from '../../events/period-change.js';
import { ContextConsumer } from '../../internal/context.js';
import { ensureContextRoot } from '../../internal/context-root.js';
import { DashElement } from '../../internal/dash-element.js';
import { directionOf, formatDate, withCalendar } from '../../internal/format.js';
import { msg, type MessageKey } from '../../internal/i18n.js';
import { LocaleMixin, PeriodMixin } from '../../internal/shared-attributes.js';
import type { CustomRange, CustomRangeLabels } from './custom-range.js';
import styles from './period-filter.styles.js';

export type Preset = Exclude<Range, 'custom'>;

/**
 * Every preset, in the order shown by default (the fiscal ones only where `v1/meta` lists them): the
 * contract's ranges but `custom`.
 */
export const PRESETS: readonly Preset[] = RANGES.filter((r): r is Preset => r !== 'custom');

/** The server's default range when none is asked for (contract: `range` defaults to `30d`). */
const DEFAULT_RANGE: Range = '30d';

/** Every text the filter shows; set `labels` to replace some or all of them (else the locale's catalog). */
export interface PeriodFilterLabels {
  group: string;
  presets: Record<Preset, string>;
  custom: string;
  from: string;
  to: string;
  apply: string;
  compare: string;
  compareModes: Record<CompareMode, string>;
  missingFrom: string;
  missingTo: string;
  order: string;
  tooLong: string;
}

/** The texts the filter shows before the custom-range form loads (custom-range.ts has the form's own). */
export type FilterLabels = Omit<PeriodFilterLabels, keyof CustomRangeLabels>;

/**
 * The filter's texts from the message catalog of `locale` (English, Persian, Arabic, German, French, Spanish…),
 * but for the custom-range form's (`customRangeLabels` of custom-range.ts).
 */
export function periodFilterLabels(locale: string): FilterLabels {
  const t = (key: MessageKey) => msg(locale, key);
  return {
    group: t('period'),
    // A rolling preset (`30d`) is "Last 30 days"; every other is its own message (`today`, `fiscal-year`).
    presets: Object.fromEntries(
      PRESETS.map((p) => [p, parseInt(p) ? msg(locale, 'lastDays', { n: parseInt(p) }) : t(p as MessageKey)]),
    ) as Record<Preset, string>,
    custom: t('custom'),
    compare: t('compareWith'),
    compareModes: { previous: t('comparePrevious'), year: t('compareYear'), none: t('compareNone') },
  };
}

/**
 * @summary Period presets, a custom date range and the comparison mode.
 *
 * The presets are a radio group: Tab reaches the checked one, arrow keys move
 * and choose, Home and End jump to the ends. "Custom" reveals two date fields,
 * filled with the current period's days and validated as you type (the first
 * day on or before the last), and an Apply button; their code loads when first
 * asked for. Inside a `<dash-board>` the filter shows and changes the board's
 * period (its own `range`/`from`/`to`/`compare` are for use without a board).
 *
 * @example
 * <dash-board src="/api"><dash-period-filter presets="month,quarter,year,30d"></dash-period-filter></dash-board>
 *
 * @property range - The chosen preset, outside a board.
 * @property from - First day of the custom range, `YYYY-MM-DD`, outside a board.
 * @property to - Last day of the custom range, `YYYY-MM-DD`, outside a board.
 * @property compare - Comparison mode, outside a board.
 * @property locale - BCP 47 locale deciding the direction (right to left for `fa-IR`); unset uses the board's.
 *
 * @fires {DashPeriodChangeEvent} dash-period-change - The user chose a period (`detail: { range, from, to, compare }`).
 *   Never fired when a script changes the period.
 *
 * @csspart base - The filter's row.
 * @csspart presets - The radio group of presets.
 * @csspart preset - One preset button; `preset checked` on the chosen one.
 * @csspart custom - The custom-range form.
 * @csspart input - Each date input.
 * @csspart apply - The Apply button of the custom range.
 * @csspart message - The validation message.
 * @csspart compare - The comparison `<select>`.
 *
 * @cssprop --dash-period-filter-gap - Space between the groups (default 0.75rem).
 * @cssprop --dash-color-accent - The checked preset and focus rings.
 */
export class DashPeriodFilter extends PeriodMixin(LocaleMixin(DashElement)) {
  static override styles: CSSResultGroup = [DashElement.styles, styles];

  #sourceKey = '';
  // Updates the filter whenever the board's context changes.
  readonly #consumer = new ContextConsumer(this, { context: dashboardContext, subscribe: true });

  /** The user chose "Custom" and has not applied it yet. */
  @state() private _customOpen = false;
  /** The custom-range form, once its code has loaded (on demand: custom-range.ts). */
  #custom?: CustomRange;
  #customLoad?: Promise<unknown> | undefined;

  /** Presets to offer, in order, separated by commas or spaces (e.g. `month,quarter,30d`); default all. */
  @property({ reflect: true }) presets?: string;

  /** Hides the "Custom" option. @default false */
  @property({ type: Boolean, reflect: true, attribute: 'no-custom' }) noCustom = false;

  /** Hides the comparison selector. @default false */
  @property({ type: Boolean, reflect: true, attribute: 'no-compare' }) noCompare = false;

  /** Texts to show instead of the locale's (from the message catalogs); any subset of {@link PeriodFilterLabels}. */
  @property({ attribute: false }) labels?: Partial<PeriodFilterLabels>;

  /** The period shown: the board's inside one, else the filter's own. */
  get value(): DashPeriod {
    const b = this.#board;
    const range = (b ? (b.range ?? b.meta?.defaultRange) : this.range) ?? DEFAULT_RANGE;
    const own = b ?? this;
    return {
      range,
      from: range === 'custom' ? own.from : undefined,
      to: range === 'custom' ? own.to : undefined,
      compare: own.compare ?? 'previous',
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    ensureContextRoot();
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // A new period from outside (the board, a script) closes an unapplied custom form and drops its drafts.
    const key = JSON.stringify(this.value);
    if (key !== this.#sourceKey) {
      this.#sourceKey = key;
      this._customOpen = false;
      this.#custom?.reset();
    }
    if (this.#checked === 'custom') this.#loadCustom();
  }

  /** Loads the custom-range form (a user action asked for it, or the period is a custom one). */
  #loadCustom(): void {
    if (this.#customLoad) return;
    this.#customLoad = import('./custom-range.js').then(
      ({ CustomRange, styles: formStyles }) => {
        this.#custom = new CustomRange(
          () => this.requestUpdate(),
          (from, to) => this.#emit({ range: 'custom', from, to, compare: this.value.compare }),
        );
        adoptStyles(this.renderRoot as ShadowRoot, [...DashPeriodFilter.elementStyles, formStyles]);
        this.requestUpdate();
      },
      () => {
        // Offline or a missing file: the next update tries again.
        this.#customLoad = undefined;
      },
    );
  }

  get #board(): DashboardContext | undefined {
    return this.#consumer.value;
  }

  /** Locale of the texts, with the calendar (own, else the board's) as its extension: `fa-IR-u-ca-persian`. */
  get #locale(): string {
    const b = this.#board;
    return withCalendar(this.locale || b?.locale || navigator.language, this.calendar || b?.calendar);
  }

  get #labels(): FilterLabels & Partial<CustomRangeLabels> {
    const base = periodFilterLabels(this.#locale);
    const l = this.labels ?? {};
    return {
      ...base,
      ...l,
      presets: { ...base.presets, ...l.presets },
      compareModes: { ...base.compareModes, ...l.compareModes },
    };
  }

  /** The presets offered: the attribute's, in its order, limited to what the backend accepts. */
  get #presets(): Preset[] {
    const asked = this.presets?.split(/[\s,]+/).filter((p): p is Preset => (PRESETS as readonly string[]).includes(p));
    const accepted = this.#board?.meta?.ranges;
    // By default every preset, the fiscal ones only where configured (`--fiscal-year-start`): once `v1/meta` lists them.
    const list =
      asked && asked.length > 0
        ? [...new Set(asked)]
        : PRESETS.filter((p) => !p.startsWith('fiscal-') || accepted?.includes(p));
    return accepted ? list.filter((p) => accepted.includes(p)) : list;
  }

  /**
   * Under a calendar set on the filter or its board, `month` and `year` name the current ones in it ("آذر",
   * "۱۴۰۵"): "this month" in fa-IR is a Solar Hijri month, and the button says which.
   */
  #hint(range: Range): TemplateResult | typeof nothing {
    if ((range !== 'month' && range !== 'year') || !(this.calendar || this.#board?.calendar)) return nothing;
    const today = new Date().toISOString().slice(0, 10);
    const text = formatDate(today, this.#locale, range === 'month' ? { month: 'long' } : { year: 'numeric' });
    return text ? html` <span class="hint">${text}</span>` : nothing;
  }

  get #checked(): Range {
    return this._customOpen ? 'custom' : this.value.range;
  }

  #emit(period: DashPeriod): void {
    if (!this.#board) {
      this.range = period.range;
      this.from = period.from;
      this.to = period.to;
      this.compare = period.compare;
    }
    const event = new DashPeriodChangeEvent(period);
    this.dispatchEvent(event);
  }

  #choose(range: Range): void {
    if (range === 'custom') {
      if (!this._customOpen && this.value.range !== 'custom') this._customOpen = true;
      return;
    }
    this._customOpen = false;
    if (range === this.value.range) return;
    this.#emit({ range, compare: this.value.compare });
  }

  #onRadioClick(event: Event): void {
    const range = (event.currentTarget as HTMLElement).dataset['range'] as Range;
    this.#choose(range);
  }

  #onRadioKeydown(event: KeyboardEvent): void {
    const radios = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role="radio"]')];
    const n = radios.length;
    const index = radios.indexOf(event.currentTarget as HTMLButtonElement);
    // Right to left, ArrowRight goes back and ArrowLeft forward; Space and Enter choose the focused one.
    const rtl = getComputedStyle(radios[index]!).direction === 'rtl' ? -1 : 1;
    const step = { ArrowDown: 1, ArrowUp: -1, ArrowRight: rtl, ArrowLeft: -rtl, ' ': 0, Enter: 0 }[event.key];
    // Any other key finds no radio (NaN) and is left to the browser.
    const target = radios[event.key === 'Home' ? 0 : event.key === 'End' ? n - 1 : (index + (step ?? NaN) + n) % n];
    if (!target) return;
    event.preventDefault();
    target.focus();
    this.#choose(target.dataset['range'] as Range);
  }

  #onCompare(event: Event): void {
    this.#emit({ ...this.value, compare: (event.currentTarget as HTMLSelectElement).value as CompareMode });
  }

  override render(): TemplateResult {
    const labels = this.#labels;
    const checked = this.#checked;
    const options: (Preset | 'custom')[] = [...this.#presets, ...(this.noCustom ? [] : (['custom'] as const))];
    // Roving tabindex: the checked radio is the one Tab reaches, or the first when none is shown.
    const tabStop = (options as readonly Range[]).includes(checked) ? checked : options[0];
    const locale = this.locale || this.#board?.locale;
    const items = options.map(
      (range) =>
        html`<button
          type="button"
          role="radio"
          part=${range === checked ? 'preset checked' : 'preset'}
          class="radio"
          data-range=${range}
          aria-checked=${range === checked ? 'true' : 'false'}
          tabindex=${range === tabStop ? 0 : -1}
          @click=${this.#onRadioClick}
          @keydown=${this.#onRadioKeydown}
        >
          ${range === 'custom' ? labels.custom : labels.presets[range]}${this.#hint(range)}
        </button>`,
    );
    return html`
      <div part="base" class="filter" dir=${locale ? directionOf(locale) : nothing}>
        <div part="presets" class="radios" role="radiogroup" aria-label=${labels.group}>
          ${items.length > 2 ? [items.slice(0, -2), html`<span class="pair">${items.slice(-2)}</span>`] : items}
        </div>
        ${
          this.noCompare
            ? nothing
            : html`<label class="compare">
                <span>${labels.compare}</span>
                <select part="compare" .value=${this.value.compare} @change=${this.#onCompare}>
                  ${COMPARE_MODES.map(
                    (mode) =>
                      html`<option value=${mode} ?selected=${mode === this.value.compare}>
                        ${labels.compareModes[mode]}
                      </option>`,
                  )}
                </select>
              </label>`
        }
        ${
          checked === 'custom' && this.#custom
            ? this.#custom.render({
                labels,
                locale: this.#locale,
                period: this.value,
                seen: this.#board?.period,
                hint: Boolean(this.calendar || this.#board?.calendar),
              })
            : nothing
        }
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-period-filter': DashPeriodFilter;
  }
}
