import { ContextConsumer } from '@lit/context';
import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isCalendarDate, type CompareMode, type Range } from '../../contract/common.js';
import { dashboardContext, type DashboardContext } from '../../context/dashboard.js';
import { DashPeriodChangeEvent, type DashPeriod } from '../../events/period-change.js';
import { ensureContextRoot } from '../../internal/context-root.js';
import { DashElement } from '../../internal/dash-element.js';
import { directionOf } from '../../internal/format.js';
import { LocaleMixin, PeriodMixin } from '../../internal/shared-attributes.js';
import styles from './period-filter.styles.js';

// Fiscal presets exist only where the server has a fiscal year (v1/meta `fiscalYearStart`); this filter does not offer them yet.
export type Preset = Exclude<Range, 'custom' | 'fiscal-quarter' | 'fiscal-year'>;

/** Every preset, in the order shown by default. */
export const PRESETS: readonly Preset[] = ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d'];

/** The server's default range when none is asked for (contract: `range` defaults to `30d`). */
const DEFAULT_RANGE: Range = '30d';

/** Longest custom range the contract accepts, in days (`MAX_PERIOD_DAYS` of src/contract/params.ts). */
const MAX_DAYS = 3660;

const DAY_MS = 86_400_000;

/** Every text the filter shows; set `labels` to translate some or all of them. */
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

export const DEFAULT_LABELS: PeriodFilterLabels = {
  group: 'Period',
  presets: {
    today: 'Today',
    week: 'This week',
    month: 'This month',
    quarter: 'This quarter',
    year: 'This year',
    '7d': 'Last 7 days',
    '30d': 'Last 30 days',
    '90d': 'Last 90 days',
    '365d': 'Last 365 days',
  },
  custom: 'Custom',
  from: 'From',
  to: 'To',
  apply: 'Apply',
  compare: 'Compare with',
  compareModes: { previous: 'Previous period', year: 'Same period last year', none: 'No comparison' },
  missingFrom: 'Enter the first day of the range.',
  missingTo: 'Enter the last day of the range.',
  order: 'The first day must be on or before the last day.',
  tooLong: `A custom range spans at most ${MAX_DAYS} days.`,
};

/** What is wrong with a custom range, if anything: which field, and the message key. */
type Invalid = { field: 'from' | 'to'; key: 'missingFrom' | 'missingTo' | 'order' | 'tooLong' } | undefined;

function validate(from: string, to: string): Invalid {
  if (!isCalendarDate(from)) return { field: 'from', key: 'missingFrom' };
  if (!isCalendarDate(to)) return { field: 'to', key: 'missingTo' };
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) return { field: 'to', key: 'order' };
  if (days > MAX_DAYS) return { field: 'to', key: 'tooLong' };
  return undefined;
}

let instances = 0;

/**
 * @summary Period presets, a custom date range and the comparison mode.
 *
 * The presets are a radio group: Tab reaches the checked one, arrow keys move
 * and choose, Home and End jump to the ends. "Custom" reveals two date fields
 * validated as you type (the first day on or before the last) and an Apply
 * button. Inside a `<dash-board>` the filter shows and changes the board's
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

  readonly #id = `dash-period-filter-${++instances}`;
  #sourceKey = '';
  // Updates the filter whenever the board's context changes.
  readonly #consumer = new ContextConsumer(this, { context: dashboardContext, subscribe: true });

  /** The user chose "Custom" and has not applied it yet. */
  @state() private _customOpen = false;
  @state() private _draftFrom?: string | undefined;
  @state() private _draftTo?: string | undefined;
  /** Set once the user leaves a date field, so a half-typed range is not scolded. */
  @state() private _touched = false;

  /** Presets to offer, in order, separated by commas or spaces (e.g. `month,quarter,30d`); default all. */
  @property({ reflect: true }) presets?: string;

  /** Hides the "Custom" option. @default false */
  @property({ type: Boolean, reflect: true, attribute: 'no-custom' }) noCustom = false;

  /** Hides the comparison selector. @default false */
  @property({ type: Boolean, reflect: true, attribute: 'no-compare' }) noCompare = false;

  /** Texts to show instead of the English defaults; any subset of {@link PeriodFilterLabels}. */
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
      this._draftFrom = undefined;
      this._draftTo = undefined;
      this._touched = false;
    }
  }

  get #board(): DashboardContext | undefined {
    return this.#consumer.value;
  }

  get #labels(): PeriodFilterLabels {
    const l = this.labels ?? {};
    return {
      ...DEFAULT_LABELS,
      ...l,
      presets: { ...DEFAULT_LABELS.presets, ...l.presets },
      compareModes: { ...DEFAULT_LABELS.compareModes, ...l.compareModes },
    };
  }

  /** The presets offered: the attribute's, in its order, limited to what the backend accepts. */
  get #presets(): Preset[] {
    const asked = this.presets?.split(/[\s,]+/).filter((p): p is Preset => (PRESETS as readonly string[]).includes(p));
    const list = asked && asked.length > 0 ? [...new Set(asked)] : [...PRESETS];
    const accepted = this.#board?.meta?.ranges;
    return accepted ? list.filter((p) => accepted.includes(p)) : list;
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
    const index = radios.indexOf(event.currentTarget as HTMLButtonElement);
    const rtl = getComputedStyle(radios[index]!).direction === 'rtl';
    const step: Record<string, number> = {
      ArrowDown: 1,
      ArrowUp: -1,
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
    };
    let next: number;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = radios.length - 1;
    else if (event.key in step) next = (index + step[event.key]! + radios.length) % radios.length;
    else if (event.key === ' ' || event.key === 'Enter') next = index;
    else return;
    event.preventDefault();
    const target = radios[next]!;
    target.focus();
    this.#choose(target.dataset['range'] as Range);
  }

  #onDate(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    if (input.name === 'from') this._draftFrom = input.value;
    else this._draftTo = input.value;
  }

  #onDateBlur(): void {
    this._touched = true;
  }

  #onApply(event: SubmitEvent): void {
    event.preventDefault();
    const { from, to } = this.#draft;
    this._touched = true;
    if (validate(from, to)) return;
    this.#emit({ range: 'custom', from, to, compare: this.value.compare });
  }

  #onCompare(event: Event): void {
    const compare = (event.currentTarget as HTMLSelectElement).value as CompareMode;
    const { range, from, to } = this.value;
    this.#emit({ range, from, to, compare });
  }

  get #draft(): { from: string; to: string } {
    const v = this.value;
    return { from: this._draftFrom ?? v.from ?? '', to: this._draftTo ?? v.to ?? '' };
  }

  override render(): TemplateResult {
    const labels = this.#labels;
    const checked = this.#checked;
    const options: (Preset | 'custom')[] = [...this.#presets, ...(this.noCustom ? [] : (['custom'] as const))];
    // Roving tabindex: the checked radio is the one Tab reaches, or the first when none is shown.
    const tabStop = (options as readonly Range[]).includes(checked) ? checked : options[0];
    const locale = this.locale || this.#board?.locale;
    return html`
      <div part="base" class="filter" dir=${ifDefined(locale ? directionOf(locale) : undefined)}>
        <div part="presets" class="radios" role="radiogroup" aria-label=${labels.group}>
          ${options.map(
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
                ${range === 'custom' ? labels.custom : labels.presets[range]}
              </button>`,
          )}
        </div>
        ${
          this.noCompare
            ? nothing
            : html`<label class="compare">
                <span>${labels.compare}</span>
                <select part="compare" .value=${this.value.compare} @change=${this.#onCompare}>
                  ${(['previous', 'year', 'none'] as const).map(
                    (mode) =>
                      html`<option value=${mode} ?selected=${mode === this.value.compare}>
                        ${labels.compareModes[mode]}
                      </option>`,
                  )}
                </select>
              </label>`
        }
        ${this.#renderCustom(labels, checked === 'custom')}
      </div>
    `;
  }

  #renderCustom(labels: PeriodFilterLabels, open: boolean): TemplateResult {
    const { from, to } = this.#draft;
    const invalid = validate(from, to);
    // Scold only once the user is done with a field (blur) or has filled both: not while half-typed.
    const show = invalid && (this._touched || (from && to)) ? invalid : undefined;
    const messageId = `${this.#id}-message`;
    const field = (name: 'from' | 'to', value: string, label: string) => html`
      <label class="field">
        <span>${label}</span>
        <input
          part="input"
          type="date"
          name=${name}
          .value=${value}
          min=${ifDefined(name === 'to' && from ? from : undefined)}
          max=${ifDefined(name === 'from' && to ? to : undefined)}
          aria-invalid=${show?.field === name ? 'true' : 'false'}
          aria-describedby=${messageId}
          @input=${this.#onDate}
          @change=${this.#onDate}
          @blur=${this.#onDateBlur}
        />
      </label>
    `;
    return html`
      <form part="custom" class="custom" ?hidden=${!open} @submit=${this.#onApply} novalidate>
        ${field('from', from, labels.from)} ${field('to', to, labels.to)}
        <button part="apply" class="apply" type="submit" ?disabled=${Boolean(invalid)}>${labels.apply}</button>
        <p part="message" class="message" id=${messageId} aria-live="polite">${show ? labels[show.key] : ''}</p>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-period-filter': DashPeriodFilter;
  }
}
