/**
 * The period filter's custom-range form: two date fields validated as the user types, and Apply. Loaded by
 * `<dash-period-filter>` on demand — when "Custom" is chosen, or the period already is a custom one — so a page
 * whose user never asks for a custom range does not download it.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isCalendarDate } from '../../contract/common.js';
import type { DashboardContext } from '../../context/dashboard.js';
import type { DashPeriod } from '../../events/period-change.js';
import { formatDate } from '../../internal/format.js';
import { addEnglish, msg } from '../../internal/i18n.js';
import { customRangeEn } from '../../locales/en-custom-range.js';

/** Longest custom range the contract accepts, in days (`MAX_PERIOD_DAYS` of src/contract/params.ts). */
export const MAX_DAYS = 3660;

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of `date` in the browser's time zone. */
const isoDay = (date: Date) => new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

let instances = 0;

/** The form's styles, adopted by the filter beside its own once this module has loaded. */
export const styles = css`
  .field {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    color: var(--_dash-text-muted);
  }

  input {
    font: inherit;
    color: var(--_dash-text);
    border-radius: calc(var(--_dash-radius) / 2);
    min-block-size: 2rem;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
  }

  input[aria-invalid='true'] {
    border-color: var(--_dash-bad);
  }

  .custom {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    flex-basis: 100%;
    margin: 0;
  }

  .apply {
    font: inherit;
    border-radius: calc(var(--_dash-radius) / 2);
    min-block-size: 2rem;
    padding-block: 0.25rem;
    padding-inline: 0.875rem;
    font-weight: 600;
    color: var(--_dash-surface);
    background: var(--_dash-accent);
    border: 1px solid var(--_dash-accent);
    cursor: pointer;
  }

  .apply:disabled {
    color: var(--_dash-text-muted);
    background: var(--_dash-neutral-surface);
    border-color: var(--_dash-border);
    cursor: not-allowed;
  }

  /* Room for one line of message, kept empty while valid: the board below does not move when one shows. */
  .message {
    flex-basis: 100%;
    min-block-size: 1.25rem;
    margin: 0;
    color: var(--_dash-bad);
  }
`;

/** What is wrong with a custom range, if anything: which field, and the message key. */
type Invalid = { field: 'from' | 'to'; key: 'missingFrom' | 'missingTo' | 'order' | 'tooLong' } | undefined;

export function validate(from: string, to: string): Invalid {
  if (!isCalendarDate(from)) return { field: 'from', key: 'missingFrom' };
  if (!isCalendarDate(to)) return { field: 'to', key: 'missingTo' };
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) return { field: 'to', key: 'order' };
  if (days > MAX_DAYS) return { field: 'to', key: 'tooLong' };
  return undefined;
}

/** The form's texts (the period filter's `labels`). */
export type CustomRangeLabels = Record<
  'from' | 'to' | 'apply' | 'missingFrom' | 'missingTo' | 'order' | 'tooLong',
  string
>;

/** The form's texts from the message catalog of `locale`, where the filter's `labels` (`own`) give none. */
export function customRangeLabels(locale: string, own: Partial<CustomRangeLabels>): CustomRangeLabels {
  return {
    from: own.from ?? msg(locale, 'from'),
    to: own.to ?? msg(locale, 'to'),
    apply: own.apply ?? msg(locale, 'apply'),
    missingFrom: own.missingFrom ?? msg(locale, 'missingFrom'),
    missingTo: own.missingTo ?? msg(locale, 'missingTo'),
    order: own.order ?? msg(locale, 'order'),
    tooLong: own.tooLong ?? msg(locale, 'tooLong', { n: MAX_DAYS }),
  };
}

/**
 * The days the form starts from: the applied custom range, else the board's current period as the server
 * resolved it (`seen`, any calendar), else a rolling preset's days counted here.
 */
export function initialDays(
  period: DashPeriod,
  seen: DashboardContext['period'],
): { from?: string | undefined; to?: string | undefined } {
  if (period.range === 'custom') return period;
  if (seen && seen.range === period.range) return seen;
  const days = period.range === 'today' ? 1 : parseInt(period.range, 10);
  if (!days) return {};
  const today = new Date();
  return { from: isoDay(new Date(today.getTime() - (days - 1) * DAY_MS)), to: isoDay(today) };
}

/** What the form shows on one render. */
export interface CustomRangeView {
  /** The filter's `labels` (the form's own texts among them, else the catalog's). */
  labels: Partial<CustomRangeLabels>;
  /** The filter's locale, with its calendar. */
  locale: string;
  /** The period the filter shows, and the board's as the server resolved it: where the fields start. */
  period: DashPeriod;
  seen: DashboardContext['period'];
  /** Spell a chosen date in `locale` beside its field (under a calendar set on the filter or its board). */
  hint: boolean;
}

/** The form's state (drafts, whether to scold yet) and its template. */
export class CustomRange {
  #from?: string | undefined;
  #to?: string | undefined;
  /** Set once the user leaves a date field, so a half-typed range is not scolded. */
  #touched = false;
  /** Id of the message element (for `aria-describedby`). */
  readonly #messageId = `dash-period-filter-${++instances}-message`;

  constructor(
    /** Asks the filter to render again. */
    readonly update: () => void,
    /** The user applied a valid range. */
    readonly apply: (from: string, to: string) => void,
  ) {
    // The form's English texts come with it (the built-in catalog leaves them out). Here rather than at the top
    // level, which a bundler may drop from a module package.json calls side-effect free.
    addEnglish(customRangeEn);
  }

  /** A new period from outside: drafts go. */
  reset(): void {
    this.#from = this.#to = undefined;
    this.#touched = false;
  }

  #onDate = (event: Event): void => {
    const input = event.currentTarget as HTMLInputElement;
    if (input.name === 'from') this.#from = input.value;
    else this.#to = input.value;
    this.update();
  };

  #onBlur = (): void => {
    this.#touched = true;
    this.update();
  };

  render(view: CustomRangeView): TemplateResult {
    const labels = customRangeLabels(view.locale, view.labels);
    const initial = initialDays(view.period, view.seen);
    const hintLocale = view.hint ? view.locale : undefined;
    const messageId = this.#messageId;
    const from = this.#from ?? initial.from ?? '';
    const to = this.#to ?? initial.to ?? '';
    const invalid = validate(from, to);
    // Scold only once the user is done with a field (blur) or has filled both: not while half-typed.
    const show = invalid && (this.#touched || (from && to)) ? invalid : undefined;
    const onApply = (event: SubmitEvent) => {
      event.preventDefault();
      this.#touched = true;
      if (validate(from, to)) this.update();
      else this.apply(from, to);
    };
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
          @blur=${this.#onBlur}
        />
        ${
          hintLocale && isCalendarDate(value)
            ? html`<span class="hint"
                >${formatDate(value, hintLocale, { day: 'numeric', month: 'long', year: 'numeric' })}</span
              >`
            : nothing
        }
      </label>
    `;
    return html`
      <form part="custom" class="custom" @submit=${onApply} novalidate>
        ${field('from', from, labels.from)} ${field('to', to, labels.to)}
        <button part="apply" class="apply" type="submit" ?disabled=${Boolean(invalid)}>${labels.apply}</button>
        <p part="message" class="message" id=${messageId} aria-live="polite">${show ? labels[show.key] : ''}</p>
      </form>
    `;
  }
}
