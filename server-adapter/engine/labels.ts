/**
 * The words the server writes into answers — period and comparison labels,
 * aging bucket labels, "Other" — in the request's locale, and labels that
 * configuration translates (`label: {en: "Revenue", fa: "درآمد"}`).
 *
 * Server text in `en`, `fa`, `ar`, `de`, `fr` and `es`; another language
 * gets English words with its own digits and dates. Dates are written by
 * `Intl.DateTimeFormat` in the request's calendar, numbers by
 * `Intl.NumberFormat` (Persian and Arabic digits where the locale uses them).
 */
import type { CalendarId, Granularity } from '../../src/contract/index.js';
import { addDays, type CalendarDate, formatDateRange } from './calendar.js';

/** A label as configuration writes it: one string, or one per locale (`{en: "Revenue", fa: "درآمد"}`). */
export type Label = string | Readonly<Record<string, string>>;

/** The languages the server's own words are written in. */
export const SERVER_LANGUAGES = ['en', 'fa', 'ar', 'de', 'fr', 'es'] as const;
type Language = (typeof SERVER_LANGUAGES)[number];

interface Words {
  today: string;
  week: string;
  month: string;
  quarter: string;
  year: string;
  'fiscal-quarter': string;
  'fiscal-year': string;
  /** "Last 30 days": chosen by `Intl.PluralRules` category, `{n}` replaced by the localized number. */
  lastDays: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
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

const paren = (label: string, dates: string) => `${label} (${dates})`;

const WORDS: Record<Language, Words> = {
  en: {
    today: 'Today',
    week: 'This week',
    month: 'This month',
    quarter: 'This quarter',
    year: 'This year',
    'fiscal-quarter': 'This fiscal quarter',
    'fiscal-year': 'This fiscal year',
    lastDays: { one: 'Last day', other: 'Last {n} days' },
    previous: 'Previous period',
    yearAgo: 'Same period last year',
    current: 'Current',
    other: 'Other',
    withDates: paren,
    order: 'Order #{id}',
    states: {},
  },
  de: {
    today: 'Heute',
    week: 'Diese Woche',
    month: 'Dieser Monat',
    quarter: 'Dieses Quartal',
    year: 'Dieses Jahr',
    'fiscal-quarter': 'Dieses Geschäftsquartal',
    'fiscal-year': 'Dieses Geschäftsjahr',
    lastDays: { one: 'Letzter Tag', other: 'Letzte {n} Tage' },
    previous: 'Vorheriger Zeitraum',
    yearAgo: 'Vorjahreszeitraum',
    current: 'Nicht fällig',
    other: 'Sonstige',
    withDates: paren,
    order: 'Bestellung Nr. {id}',
    states: { draft: 'Entwurf', sent: 'Gesendet', sale: 'Verkauft', done: 'Erledigt', cancel: 'Storniert' },
  },
  fr: {
    today: 'Aujourd’hui',
    week: 'Cette semaine',
    month: 'Ce mois-ci',
    quarter: 'Ce trimestre',
    year: 'Cette année',
    'fiscal-quarter': 'Ce trimestre fiscal',
    'fiscal-year': 'Cet exercice',
    lastDays: { one: 'Dernier jour', other: '{n} derniers jours' },
    previous: 'Période précédente',
    yearAgo: 'Même période l’an dernier',
    current: 'Non échu',
    other: 'Autres',
    withDates: paren,
    order: 'Commande n° {id}',
    states: { draft: 'Brouillon', sent: 'Envoyée', sale: 'Vendue', done: 'Terminée', cancel: 'Annulée' },
  },
  es: {
    today: 'Hoy',
    week: 'Esta semana',
    month: 'Este mes',
    quarter: 'Este trimestre',
    year: 'Este año',
    'fiscal-quarter': 'Este trimestre fiscal',
    'fiscal-year': 'Este año fiscal',
    lastDays: { one: 'Último día', other: 'Últimos {n} días' },
    previous: 'Período anterior',
    yearAgo: 'Mismo período del año anterior',
    current: 'No vencido',
    other: 'Otros',
    withDates: paren,
    order: 'Pedido n.º {id}',
    states: { draft: 'Borrador', sent: 'Enviado', sale: 'Vendido', done: 'Completado', cancel: 'Cancelado' },
  },
  fa: {
    today: 'امروز',
    week: 'این هفته',
    month: 'این ماه',
    quarter: 'این فصل',
    year: 'امسال',
    'fiscal-quarter': 'این فصل مالی',
    'fiscal-year': 'این سال مالی',
    lastDays: { other: '{n} روز گذشته' },
    previous: 'دورهٔ قبل',
    yearAgo: 'همین دوره در سال گذشته',
    current: 'سررسیدنشده',
    other: 'سایر',
    withDates: paren,
    order: 'سفارش {id}',
    states: { draft: 'پیش‌نویس', sent: 'ارسال‌شده', sale: 'فروخته‌شده', done: 'انجام‌شده', cancel: 'لغوشده' },
  },
  ar: {
    today: 'اليوم',
    week: 'هذا الأسبوع',
    month: 'هذا الشهر',
    quarter: 'هذا الربع',
    year: 'هذا العام',
    'fiscal-quarter': 'هذا الربع المالي',
    'fiscal-year': 'هذه السنة المالية',
    // 3–10 "أيام", 11–99 "يومًا", 100, 1000 "يوم"; 1 and 2 have their own words.
    lastDays: {
      zero: 'آخر {n} يوم',
      one: 'آخر يوم',
      two: 'آخر يومين',
      few: 'آخر {n} أيام',
      many: 'آخر {n} يومًا',
      other: 'آخر {n} يوم',
    },
    previous: 'الفترة السابقة',
    yearAgo: 'الفترة نفسها من العام الماضي',
    current: 'غير مستحق',
    other: 'أخرى',
    withDates: paren,
    order: 'الطلب {id}',
    states: { draft: 'مسودة', sent: 'مرسل', sale: 'مُباع', done: 'مكتمل', cancel: 'ملغى' },
  },
};

function language(locale: string): Language {
  const lang = locale.split('-')[0]?.toLowerCase() ?? 'en';
  return (SERVER_LANGUAGES as readonly string[]).includes(lang) ? (lang as Language) : 'en';
}

/** The server's words in `locale`'s language (English for a language it does not have). */
export function words(locale: string): Words {
  return WORDS[language(locale)];
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
  const category = new Intl.PluralRules(language(locale)).select(n);
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
  if (calendar === 'gregory' && language(locale) === 'en') return formatDateRange(from, to);
  const f = dateFormat(locale, calendar);
  return from === to ? f.format(utc(from)) : f.formatRange(utc(from), utc(to));
}

/** Aging bucket labels: `Current`, `1–30` … `121+`, in `locale`'s words and digits. */
export function agingBucketLabel(fromDays: number | null, toDays: number | null, locale: string): string {
  if (fromDays === null) return words(locale).current;
  const from = formatInteger(fromDays, locale);
  return toDays === null ? `${from}+` : `${from}–${formatInteger(toDays, locale)}`;
}
