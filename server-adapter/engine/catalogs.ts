/**
 * The widgets' message catalogs, as the server's words read them: where an
 * answer or a rendered board says what a widget says (a period's name,
 * "Current", a table's headings), the server takes the widget's text instead
 * of keeping a copy, so the two cannot drift apart.
 *
 * The catalogs are plain data modules: English built in
 * (src/internal/messages-en.ts) plus the on-demand chunks' English
 * (src/locales/en-*.ts), and one module per other language
 * (src/locales/locale-*.ts). The browser loads each on demand; the server,
 * with no bundle budget, imports them all here. Nothing in src/ imports this.
 */
import {
  en,
  type Message,
  type MessageKey,
  type Messages,
  type PluralMessage,
} from '../../src/internal/messages-en.js';
import { arrivalsEn } from '../../src/locales/en-arrivals.js';
import { chartEn } from '../../src/locales/en-chart.js';
import { customRangeEn } from '../../src/locales/en-custom-range.js';
import { invoicesEn } from '../../src/locales/en-invoices.js';
import ar from '../../src/locales/locale-ar.js';
import de from '../../src/locales/locale-de.js';
import es from '../../src/locales/locale-es.js';
import fa from '../../src/locales/locale-fa.js';
import fr from '../../src/locales/locale-fr.js';

/** The languages the server's own words are written in: those the widgets have a catalog for. */
export const SERVER_LANGUAGES = ['en', 'fa', 'ar', 'de', 'fr', 'es'] as const;
export type ServerLanguage = (typeof SERVER_LANGUAGES)[number];

/** Every widget text, by language. */
const CATALOGS: Readonly<Record<ServerLanguage, Messages>> = {
  en: { ...en, ...customRangeEn, ...invoicesEn, ...chartEn, ...arrivalsEn },
  fa,
  ar,
  de,
  fr,
  es,
};

/** `make(lang)` for each language the server speaks. */
export function perLanguage<T>(make: (lang: ServerLanguage) => T): Record<ServerLanguage, T> {
  return Object.fromEntries(SERVER_LANGUAGES.map((lang) => [lang, make(lang)])) as Record<ServerLanguage, T>;
}

/** `locale`'s language if the server speaks it (`fa-IR` → `fa`), else English. */
export function serverLanguage(locale: string): ServerLanguage {
  const lang = locale.split('-')[0]?.toLowerCase() ?? 'en';
  return (SERVER_LANGUAGES as readonly string[]).includes(lang) ? (lang as ServerLanguage) : 'en';
}

/**
 * The widget text `key` in `lang`, one string: the server's words that take it have no plural forms,
 * so a catalog that gives it some fails here, when the server loads, rather than in a rendered board.
 */
export function widgetText(lang: ServerLanguage, key: MessageKey): string {
  const text: Message = CATALOGS[lang][key];
  if (typeof text !== 'string')
    throw new TypeError(`the ${lang} widget text ${key} has plural forms; expected one string`);
  return text;
}

/** The widget texts `ids` names (a server word → the widget's message id), in `lang`, under the server's names. */
export function widgetTexts<W extends string>(
  lang: ServerLanguage,
  ids: Readonly<Record<W, MessageKey>>,
): Record<W, string> {
  const texts = {} as Record<W, string>;
  for (const word of Object.keys(ids) as W[]) texts[word] = widgetText(lang, ids[word]);
  return texts;
}

/** The widget text `key` in `lang` with its plural forms (one string is every count's). */
export function widgetPlural(lang: ServerLanguage, key: MessageKey): PluralMessage {
  const text: Message = CATALOGS[lang][key];
  return typeof text === 'string' ? { other: text } : text;
}
