/**
 * What a localizing backend does to the fixtures' English, for stories shown in another locale: the
 * widgets send `locale` (and `calendar`) with every request, and the reference adapter answers with its
 * own words, its period labels and the configured labels in that locale. The story backends serve the
 * English fixtures; `localizeAnswer` rewrites their server-written text the way the adapter would, with
 * the adapter's own functions and catalogs (server-adapter/engine/labels.ts, the commerce definition), and
 * the demo shop's names (customers, products, sources) from a small table for Persian and Arabic.
 *
 * Anything it does not know stays as it is, so the stories' "no English word" check still sees it.
 */
import { COMMERCE_DEFINITION } from '../../server-adapter/engine/commerce-definition.js';
import {
  agingBucketLabel,
  formatInteger,
  formatRange,
  lastDaysLabel,
  localize,
  words,
} from '../../server-adapter/engine/labels.js';
import { CALENDARS, type CalendarId } from '../../src/contract/index.js';

type Translations = Readonly<Record<string, string>>;

/** The demo shop's own names and texts in Persian and Arabic (proper names transliterated). */
const NAMES: Record<string, { fa: string; ar: string }> = {
  'Acme Ltd': { fa: 'شرکت اکمی', ar: 'شركة أكمي' },
  'Atelier Lindqvist': { fa: 'آتلیه لیندکویست', ar: 'مشغل ليندكفيست' },
  'Black mug 12 oz': { fa: 'لیوان مشکی ۱۲ اونسی', ar: 'كوب أسود ١٢ أونصة' },
  'Brightside Café': { fa: 'کافه روشنا', ar: 'مقهى المشرق' },
  'Café Morgenrot': { fa: 'کافه سپیده', ar: 'مقهى الفجر' },
  'Canvas tote, large': { fa: 'کیف پارچه‌ای، بزرگ', ar: 'حقيبة قماشية، كبيرة' },
  'Corner Books': { fa: 'کتاب‌فروشی نبش', ar: 'مكتبة الزاوية' },
  'Dotted notebook A5': { fa: 'دفتر نقطه‌دار آ۵', ar: 'دفتر منقط أ٥' },
  'Dunmore Bakery': { fa: 'نانوایی دانمور', ar: 'مخبز دانمور' },
  'Gel pen, blue': { fa: 'خودکار ژله‌ای، آبی', ar: 'قلم جل، أزرق' },
  'Nordwind Logistik GmbH': { fa: 'لجستیک نوردویند', ar: 'نوردفيند للخدمات اللوجستية' },
  'Northwind Traders': { fa: 'بازرگانی نورث‌ویند', ar: 'نورثويند التجارية' },
  'Organic tee, M': { fa: 'تی‌شرت ارگانیک، متوسط', ar: 'قميص قطني عضوي، وسط' },
  'Zeta Logistics': { fa: 'لجستیک زتا', ar: 'زيتا اللوجستية' },
  'Ó Briain & Sons': { fa: 'اوبراین و پسران', ar: 'أوبراين وأبناؤه' },
  'Accounting sync': { fa: 'همگام‌سازی حسابداری', ar: 'مزامنة المحاسبة' },
  'CRM contacts': { fa: 'مخاطبان مدیریت مشتری', ar: 'جهات اتصال إدارة العملاء' },
  'Warehouse import': { fa: 'ورود انبار', ar: 'استيراد المستودع' },
  'Delivery arrived damaged': { fa: 'مرسوله آسیب‌دیده رسید', ar: 'وصلت الشحنة تالفة' },
  'Priority: high': { fa: 'اولویت: بالا', ar: 'الأولوية: عالية' },
  'Internal Server Error': { fa: 'خطای داخلی سرور', ar: 'خطأ داخلي في الخادم' },
  'the database did not answer': { fa: 'پایگاه داده پاسخ نداد', ar: 'لم تستجب قاعدة البيانات' },
  // Activity rows' `status`: the host's own state, written as its SQL maps it (a Persian shop maps it in Persian).
  sale: { fa: 'فروش', ar: 'بيع' },
  done: { fa: 'انجام‌شده', ar: 'منجز' },
  cancel: { fa: 'لغوشده', ar: 'ملغى' },
  open: { fa: 'باز', ar: 'مفتوح' },
  'Other customers': { fa: 'سایر مشتریان', ar: 'عملاء آخرون' },
  'QuickBooks API answered 503 Service Unavailable': {
    fa: 'سرویس حسابداری پاسخ ۵۰۳ داد: در دسترس نیست',
    ar: 'أجابت خدمة المحاسبة بالرمز ٥٠٣: غير متاحة',
  },
};

/** Names with a number: `Order #991`, `Customer 6`, invoice numbers and SKUs (the shop's own codes). */
const NUMBERED: { pattern: RegExp; fa: string; ar: string }[] = [
  { pattern: /^Order #(\d+)$/, fa: 'سفارش #{n}', ar: 'الطلب #{n}' },
  { pattern: /^Customer (\d+)$/, fa: 'مشتری {n}', ar: 'العميل {n}' },
  { pattern: /^Extra product (\d+)$/, fa: 'کالای دیگر {n}', ar: 'منتج إضافي {n}' },
  { pattern: /^INV-(\d+)-(\d+)$/, fa: 'ف-{n}', ar: 'ف-{n}' },
  { pattern: /^[A-Z0-9]+(?:-[A-Z0-9]+)+$/, fa: 'کالا-{n}', ar: 'صنف-{n}' },
];

/** Every configured label of the commerce definition, by its English text (metrics, breakdowns, dimensions). */
const CONFIGURED = new Map<string, Translations>();
/** Metric descriptions by metric id (the fixtures word them otherwise than the definition). */
const DESCRIPTIONS = new Map<string, Translations>();
for (const group of [
  COMMERCE_DEFINITION.metrics,
  COMMERCE_DEFINITION.breakdowns ?? [],
  COMMERCE_DEFINITION.dimensions ?? [],
]) {
  for (const item of group as readonly { id: string; label?: unknown; description?: unknown }[]) {
    if (item.label && typeof item.label === 'object') {
      const label = item.label as Translations;
      if (label.en) CONFIGURED.set(label.en, label);
    }
    if (item.description && typeof item.description === 'object')
      DESCRIPTIONS.set(item.id, item.description as Translations);
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_KEYS = new Set(['label', 'name', 'title', 'detail', 'message', 'sku', 'number', 'description']);

/** The page's language when no request names one: the host's own text (names, pipelines) is written in it. */
let hostLocale: string | undefined;

/**
 * The language the story's host writes its own text in (its shop's names, its pipelines' labels and messages):
 * what an answer to a request without `locale` (`v1/status` takes none) carries. Storybook's preview sets it to
 * the toolbar's locale; `undefined` is English.
 */
export function setHostLocale(locale: string | undefined): void {
  hostLocale = locale;
}

function translateText(text: string, locale: string, lang: string, hostOnly = false): string {
  if (hostOnly) return hostText(text, locale, lang);
  const configured = CONFIGURED.get(text);
  if (configured) return localize(configured, locale);
  if (text === words('en').current) return words(locale).current;
  const days = /^Last (\d+) days?$/.exec(text);
  if (days) return lastDaysLabel(Number(days[1]), locale);
  return hostText(text, locale, lang);
}

/** The shop's own names and texts, in Persian or Arabic. */
function hostText(text: string, locale: string, lang: string): string {
  if (lang !== 'fa' && lang !== 'ar') return text;
  const named = NAMES[text];
  if (named) return named[lang];
  for (const { pattern, ...as } of NUMBERED) {
    const match = pattern.exec(text);
    if (match) {
      // The number in it, or (a code of letters) a number of its own so that two codes stay apart.
      const digits = text.replace(/\D/g, '').slice(-4);
      const n = digits ? Number(digits) : [...text].reduce((sum, c) => sum + c.charCodeAt(0), 0);
      return as[lang].replace('{n}', formatInteger(n, locale));
    }
  }
  return text;
}

function rewrite(value: unknown, locale: string, lang: string, calendar: CalendarId, hostOnly = false): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, locale, lang, calendar, hostOnly));
  if (!value || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(source)) {
    out[key] =
      TEXT_KEYS.has(key) && typeof v === 'string'
        ? translateText(v, locale, lang, hostOnly)
        : rewrite(v, locale, lang, calendar, hostOnly);
  }
  const { from, to, fromDays, toDays, id, kind, at } = source;
  // An activity row: its `status` is the host's text (other answers' `status` are enums the widgets word).
  if (typeof out.status === 'string' && typeof kind === 'string' && typeof at === 'string')
    out.status = translateText(out.status, locale, lang, hostOnly);
  if (hostOnly) return out;
  // A period or comparison: the adapter writes its dates in the locale and calendar.
  if (
    typeof out.label === 'string' &&
    typeof from === 'string' &&
    typeof to === 'string' &&
    DATE.test(from) &&
    DATE.test(to)
  )
    out.label = formatRange(from, to, locale, calendar);
  // An aging bucket: `Current`, `1–30` … `121+` in the locale's words and digits.
  if (typeof out.label === 'string' && 'fromDays' in source)
    out.label = agingBucketLabel(fromDays as number | null, toDays as number | null, locale);
  if (typeof out.description === 'string' && typeof id === 'string' && DESCRIPTIONS.has(id))
    out.description = localize(DESCRIPTIONS.get(id)!, locale);
  return out;
}

/**
 * `body` (a JSON answer) with its server-written text as the adapter writes it for `locale` in `calendar`;
 * English (or no locale) leaves it as it is.
 */
export function localizeAnswer<T>(body: T, locale: string | null, calendar: string | null): T {
  const lang = locale?.split('-')[0]?.toLowerCase() ?? 'en';
  if (!locale || lang === 'en') return body;
  return rewrite(body, locale, lang, (calendar ?? 'gregory') as CalendarId) as T;
}

/**
 * A story backend's JSON answer to `url` as the adapter would give it: `v1/meta` lists the calendars it
 * converts to (so the widgets send `locale` and `calendar`, which they only do to a backend that says it
 * takes them), and the text is in the request's locale and calendar; without a `locale`, only the host's own
 * text is rewritten, into the host's language (`setHostLocale`).
 */
export function answerAsTheAdapter(body: unknown, url: URL): unknown {
  const params = url.searchParams;
  const meta = url.pathname.endsWith('/v1/meta') && body && typeof body === 'object' && !('calendars' in body);
  const answer = meta ? { ...body, calendars: [...CALENDARS] } : body;
  const locale = params.get('locale');
  const host = hostLocale?.split('-')[0]?.toLowerCase();
  if (!locale && hostLocale && host) return rewrite(answer, hostLocale, host, 'gregory', true);
  return localizeAnswer(answer, locale, params.get('calendar'));
}
