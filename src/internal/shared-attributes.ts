/**
 * The attributes several elements share, declared once as Lit mixins: `src`
 * (the backend), the period (`range`, `from`, `to`, `compare`) and `locale`.
 * Each element composes the ones it has:
 *
 * ```ts
 * class DashStatCard extends SourceMixin(PeriodMixin(LocaleMixin(DashElement))) { … }
 * class DashLowStock extends SourceMixin(LocaleMixin(DashElement)) { … }
 * ```
 *
 * The JSDoc here is what custom-elements.json and docs/widgets.md say for
 * every element that has the attribute. Where one means something else on an
 * element (the board owns the period; the filter's own period is for use
 * without a board), that element says so in its class JSDoc with
 * `@property <name> - …`, which the analyzer merges over this text.
 * `ReportController` (./report.ts) reads the fields by name.
 *
 * Each description is written twice: on the decorated field, which the
 * analyzer reads, and on the interface the mixin returns, which is what
 * editors show through the .d.ts (a mixin's class cannot be its declared
 * type: TypeScript will not emit LitElement's private members).
 * shared-attributes.test.ts keeps the two the same.
 */
import type { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { CompareMode, Range } from '../contract/common.js';

/** TypeScript's rule for a mixin's base: a constructor taking `...args: any[]`, nothing narrower. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Constructor<T = object> = new (...args: any[]) => T;

export interface SourceProperties {
  /** Base URL of the dashboard API, e.g. `/dashboard/api`; inside a `<dash-board>` its `src` is used when unset. */
  src?: string;
}

/** `src`: where the element's data comes from. */
export function SourceMixin<T extends Constructor<LitElement>>(base: T): T & Constructor<SourceProperties> {
  class SourceElement extends base implements SourceProperties {
    /** Base URL of the dashboard API, e.g. `/dashboard/api`; inside a `<dash-board>` its `src` is used when unset. */
    @property({ reflect: true }) src?: string;
  }
  return SourceElement;
}

export interface PeriodProperties {
  /** Period preset; unset uses the board's or the server's default. */
  range?: Range;
  /** First day of a custom range, `YYYY-MM-DD` (with `range="custom"`). */
  from?: string;
  /** Last day of a custom range, `YYYY-MM-DD` (with `range="custom"`). */
  to?: string;
  /** What values are compared with: `previous` (server default), `year` or `none`. */
  compare?: CompareMode;
}

/** `range`, `from`, `to`, `compare`: the period the element's data covers. */
export function PeriodMixin<T extends Constructor<LitElement>>(base: T): T & Constructor<PeriodProperties> {
  class PeriodElement extends base implements PeriodProperties {
    /** Period preset; unset uses the board's or the server's default. */
    @property({ reflect: true }) range?: Range;

    /** First day of a custom range, `YYYY-MM-DD` (with `range="custom"`). */
    @property({ reflect: true }) from?: string;

    /** Last day of a custom range, `YYYY-MM-DD` (with `range="custom"`). */
    @property({ reflect: true }) to?: string;

    /** What values are compared with: `previous` (server default), `year` or `none`. */
    @property({ reflect: true }) compare?: CompareMode;
  }
  return PeriodElement;
}

/** Calendars a period can be resolved in (SPEC §7): Gregorian, Solar Hijri, Umm al-Qura. */
export type DashCalendar = 'gregory' | 'persian' | 'islamic-umalqura';

export interface LocaleProperties {
  /** BCP 47 locale of the texts, numbers and dates, e.g. `de-DE`; unset uses the board's, then the backend's from `v1/meta`. */
  locale?: string;
  /** Calendar of dates and of the `week`…`year` presets: `gregory`, `persian` or `islamic-umalqura`; unset uses the board's, else the locale's own for dates and Gregorian periods. */
  calendar?: DashCalendar;
  /** ISO weekday weeks begin on (1 Monday … 7 Sunday); unset uses the board's, else the server's default for the locale. */
  weekStart?: number;
}

/** `locale`, `calendar`, `week-start`: the language, calendar and week of the element's text and periods. */
export function LocaleMixin<T extends Constructor<LitElement>>(base: T): T & Constructor<LocaleProperties> {
  class LocaleElement extends base implements LocaleProperties {
    /** BCP 47 locale of the texts, numbers and dates, e.g. `de-DE`; unset uses the board's, then the backend's from `v1/meta`. */
    @property({ reflect: true }) locale?: string;

    /** Calendar of dates and of the `week`…`year` presets: `gregory`, `persian` or `islamic-umalqura`; unset uses the board's, else the locale's own for dates and Gregorian periods. */
    @property({ reflect: true }) calendar?: DashCalendar;

    /** ISO weekday weeks begin on (1 Monday … 7 Sunday); unset uses the board's, else the server's default for the locale. */
    @property({ type: Number, reflect: true, attribute: 'week-start' }) weekStart?: number;
  }
  return LocaleElement;
}
