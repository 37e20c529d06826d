/**
 * The words the server writes into answers — period and comparison labels,
 * aging bucket labels, "Other" — in the request's locale, and labels that
 * configuration translates (`label: {en: "Revenue", fa: "درآمد"}`).
 *
 * Server text in `en`, `fa`, `ar`, `de`, `fr` and `es`; another language
 * gets English words with its own digits and dates. A word a widget says too
 * (a preset's name, "Current") is read from the widgets' catalogs
 * (catalogs.ts). Dates are written by
 * `Intl.DateTimeFormat` in the request's calendar, numbers by
 * `Intl.NumberFormat` (Persian and Arabic digits where the locale uses them).
 */
import type { CalendarId, Granularity } from '../../src/contract/index.js';
import type { MessageKey, PluralMessage } from '../../src/internal/messages-en.js';
import { addDays, type CalendarDate, formatDateRange } from './calendar.js';
import { perLanguage, serverLanguage, type ServerLanguage, widgetPlural, widgetTexts } from './catalogs.js';

/** A label as configuration writes it: one string, or one per locale (`{en: "Revenue", fa: "درآمد"}`). */
export type Label = string | Readonly<Record<string, string>>;

export { SERVER_LANGUAGES } from './catalogs.js';

interface Words {
  today: string;
  week: string;
  month: string;
  quarter: string;
  year: string;
  'fiscal-quarter': string;
  'fiscal-year': string;
  /** "Last 30 days": chosen by `Intl.PluralRules` category, `{n}` replaced by the localized number. */
  lastDays: PluralMessage;
  previous: string;
  yearAgo: string;
  /** Aging: not yet due. */
  current: string;
  /** Breakdown: everything past the top rows. */
  other: string;
  /** `label (dates)` */
  withDates: (label: string, dates: string) => string;
  /** The commerce feed's title of an order: `{id}` is its number. */
  order: string;
  /** The commerce schema's order states (`sale`, `cancel`…) in words; a state not listed is shown as stored. */
  states: Readonly<Record<string, string>>;
}

/** The words a widget says too (the period presets, the comparisons, aging's "Current"), by the widgets' message id. */
export const FROM_WIDGETS = {
  today: 'today',
  week: 'week',
  month: 'month',
  quarter: 'quarter',
  year: 'year',
  'fiscal-quarter': 'fiscal-quarter',
  'fiscal-year': 'fiscal-year',
  previous: 'comparePrevious',
  yearAgo: 'compareYear',
  current: 'current',
  other: 'other',
} as const satisfies Partial<Record<keyof Words, MessageKey>>;

/** The words only the server writes. */
const OWN: Record<ServerLanguage, Pick<Words, 'order' | 'states'>> = {
  en: { order: 'Order #{id}', states: {} },
  de: {
    order: 'Bestellung Nr. {id}',
    states: { draft: 'Entwurf', sent: 'Gesendet', sale: 'Verkauft', done: 'Erledigt', cancel: 'Storniert' },
  },
  fr: {
    order: 'Commande n° {id}',
    states: { draft: 'Brouillon', sent: 'Envoyée', sale: 'Vendue', done: 'Terminée', cancel: 'Annulée' },
  },
  es: {
    order: 'Pedido n.º {id}',
    states: { draft: 'Borrador', sent: 'Enviado', sale: 'Vendido', done: 'Completado', cancel: 'Cancelado' },
  },
  fa: {
    order: 'سفارش {id}',
    states: { draft: 'پیش‌نویس', sent: 'ارسال‌شده', sale: 'فروخته‌شده', done: 'انجام‌شده', cancel: 'لغوشده' },
  },
  ar: {
    order: 'الطلب {id}',
    states: { draft: 'مسودة', sent: 'مرسل', sale: 'مُباع', done: 'مكتمل', cancel: 'ملغى' },
  },
};

/**
 * Where a language's answers word something otherwise than its widgets do. Kept so that no answer changes;
 * choosing one wording for both is a translator's call, after which the entry goes (labels.test.ts lists them).
 */
const UNLIKE_WIDGETS: Record<ServerLanguage, Partial<Pick<Words, keyof typeof FROM_WIDGETS | 'lastDays'>>> = {
  en: {},
  de: { previous: 'Vorheriger Zeitraum' },
  fr: {},
  es: {
    'fiscal-year': 'Este año fiscal',
    previous: 'Período anterior',
    yearAgo: 'Mismo período del año anterior',
    current: 'No vencido',
  },
  fa: {
    'fiscal-quarter': 'این فصل مالی',
    'fiscal-year': 'این سال مالی',
    // No "one" form: one day is "۱ روز گذشته".
    lastDays: { other: '{n} روز گذشته' },
    previous: 'دورهٔ قبل',
    yearAgo: 'همین دوره در سال گذشته',
    current: 'سررسیدنشده',
  },
  ar: {
    year: 'هذا العام',
    'fiscal-quarter': 'هذا الربع المالي',
    'fiscal-year': 'هذه السنة المالية',
    current: 'غير مستحق',
  },
};

const paren = (label: string, dates: string) => `${label} (${dates})`;

const WORDS = perLanguage((lang): Words => ({
  ...widgetTexts(lang, FROM_WIDGETS),
  lastDays: widgetPlural(lang, 'lastDays'),
  withDates: paren,
  ...OWN[lang],
  ...UNLIKE_WIDGETS[lang],
}));

/** The server's words in `locale`'s language (English for a language it does not have). */
export function words(locale: string): Words {
  return WORDS[serverLanguage(locale)];
}

/** The commerce feed's order title in `locale`'s words: `Order #48000`, `سفارش 48000`. */
export function commerceOrderTitle(id: string | number, locale: string): string {
  return words(locale).order.replace('{id}', String(id));
}

/** A commerce order state (`sale`) in `locale`'s words; a state the words do not list is returned as stored. */
export function commerceOrderState(state: string, locale: string): string {
  return words(locale).states[state] ?? state;
}

/**
 * A configured label in `locale`: the exact tag (`fa-IR`), then its language
 * (`fa`), then `en`, then the first one written. A plain string is every locale's.
 */
export function localize(label: Label, locale: string): string {
  if (typeof label === 'string') return label;
  const lang = locale.split('-')[0] ?? locale;
  return label[locale] ?? label[lang] ?? label.en ?? Object.values(label)[0] ?? '';
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** `30` in `locale`'s digits (`۳۰` in fa-IR), without grouping (`1–30`, not `1–۳٬۰`). */
export function formatInteger(n: number, locale: string): string {
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 0 });
    numberFormats.set(locale, f);
  }
  return f.format(n);
}

/** "Last 30 days" in `locale`, plural chosen by `Intl.PluralRules`. */
export function lastDaysLabel(n: number, locale: string): string {
  const w = words(locale).lastDays;
  const category = new Intl.PluralRules(serverLanguage(locale)).select(n);
  return (w[category] ?? w.other).replace('{n}', formatInteger(n, locale));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, calendar: CalendarId): Intl.DateTimeFormat {
  const key = `${locale}|${calendar}`;
  let f = dateFormats.get(key);
  if (!f) {
    // Dates are days: formatted as UTC midnights in UTC, no zone can shift them. `calendar` overrides a
    // locale's own (ar-SA would otherwise write Umm al-Qura dates for a Gregorian period).
    f = new Intl.DateTimeFormat(locale, { calendar, timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
    dateFormats.set(key, f);
  }
  return f;
}

const utc = (date: CalendarDate) => new Date(`${date}T00:00:00Z`);

const bucketFormats = new Map<string, Intl.DateTimeFormat>();

function bucketFormat(locale: string, calendar: CalendarId, month: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${calendar}|${month}`;
  let f = bucketFormats.get(key);
  if (!f) {
    const parts: Intl.DateTimeFormatOptions = month
      ? { month: 'long', year: 'numeric' }
      : { day: 'numeric', month: 'short' };
    f = new Intl.DateTimeFormat(locale, { calendar, timeZone: 'UTC', ...parts });
    bucketFormats.set(key, f);
  }
  return f;
}

/**
 * What to call each bucket of a period, in order: a day by its day and month
 * (`21 Mar`, `۱ فروردین`), a week by the days it covers inside the period
 * (`21–27 Mar 2026`), a month by its name and year (`Farvardin 1405`).
 */
export function bucketLabels(
  starts: readonly CalendarDate[],
  granularity: Granularity,
  period: { from: CalendarDate; to: CalendarDate },
  locale: string,
  calendar: CalendarId,
): string[] {
  return starts.map((start, i) => {
    if (granularity === 'day') return bucketFormat(locale, calendar, false).format(utc(start));
    if (granularity === 'month') return bucketFormat(locale, calendar, true).format(utc(start));
    const next = starts[i + 1];
    const last = next === undefined || next > period.to ? period.to : addDays(next, -1);
    return formatRange(start < period.from ? period.from : start, last, locale, calendar);
  });
}

/**
 * Inclusive dates as the locale writes a range, in `calendar`: `1–21 Nov 2026`,
 * `۱ تا ۱۶ فروردین ۱۴۰۵`, `21. März – 5. Apr. 2026`. English Gregorian ranges keep
 * v1's day-month-year form whatever the region (`en-US` servers answered it).
 */
export function formatRange(from: CalendarDate, to: CalendarDate, locale: string, calendar: CalendarId): string {
  if (calendar === 'gregory' && serverLanguage(locale) === 'en') return formatDateRange(from, to);
  const f = dateFormat(locale, calendar);
  return from === to ? f.format(utc(from)) : f.formatRange(utc(from), utc(to));
}

/** Aging bucket labels: `Current`, `1–30` … `121+`, in `locale`'s words and digits. */
export function agingBucketLabel(fromDays: number | null, toDays: number | null, locale: string): string {
  if (fromDays === null) return words(locale).current;
  const from = formatInteger(fromDays, locale);
  return toDays === null ? `${from}+` : `${from}–${formatInteger(toDays, locale)}`;
}
