/**
 * The widgets' own text, in message catalogs: English is built in (./messages-en.ts); `fa`, `ar`, `de`,
 * `fr` and `es` are separate modules (src/locales/) loaded the first time an element renders in that
 * language — separate chunks beside the bundle, so an English page pays nothing for them.
 *
 * A small module rather than `@lit/localize`: its runtime mode keeps one active locale per page, while
 * each dashkit element has its own `locale` (two boards in two languages side by side), and its `msg()`
 * templates would ship the same English twice. Here an element asks `msg(locale, key, params)` while
 * rendering; the first ask for a language not loaded yet starts its import and shows English until it
 * arrives, then every element re-renders (they subscribe in `DashElement`).
 *
 * Plurals go through `Intl.PluralRules`: a message may be `{ one: '…', other: '…' }` (any CLDR
 * categories, e.g. Arabic's `zero`/`two`/`few`/`many`), chosen by the `n` parameter.
 */
import { en, type Message, type MessageKey, type Messages } from './messages-en.js';
import { intl, numberFormat } from './format.js';
import { memoPromise } from './memo.js';

export type { Message, MessageKey, Messages, PluralMessage } from './messages-en.js';

/** The built-in catalogs beside English, loaded on demand (one chunk each). */
const BUILT_IN: Readonly<Record<string, () => Promise<{ default: Messages }>>> = {
  fa: () => import('../locales/locale-fa.js'),
  ar: () => import('../locales/locale-ar.js'),
  de: () => import('../locales/locale-de.js'),
  fr: () => import('../locales/locale-fr.js'),
  es: () => import('../locales/locale-es.js'),
};

/**
 * The catalogs beside English by lower-case tag (`fa`, `fa-ir`): a host's texts and overrides, over the built-in
 * catalog of that language once loaded.
 */
const catalogs = new Map<string, Partial<Messages>>();
/** Loads of built-in catalogs, under way or done. */
const loading = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();

let revision = 0;
const changed = () => {
  revision++;
  listeners.forEach((f) => f());
};

/** Bumped whenever a catalog arrives or a host registers messages: a cache of built texts compares it. */
export const messagesRevision = (): number => revision;

/** Calls `listener` whenever a catalog arrives or a host registers messages; returns the unsubscribe. */
export function onMessagesChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `fa-IR` → `['fa-ir', 'fa']`. */
function tags(locale: string): string[] {
  // Unicode extensions (`fa-IR-u-ca-persian`) say how to format, not which language.
  const full = locale.toLowerCase().split('-u-')[0]!;
  const lang = full.split(/[-_]/)[0]!;
  return full === lang ? [lang] : [full, lang];
}

/**
 * Loads the built-in catalog of `locale`'s language (resolves at once for English, an unknown language,
 * or one already loaded). Elements call it themselves; a host may await it before showing a board.
 */
export function loadMessages(locale: string): Promise<void> {
  const lang = tags(locale).at(-1)!;
  const load = BUILT_IN[lang];
  // A chunk that failed to load (offline) is tried again on the next ask; English meanwhile.
  return load
    ? memoPromise(loading, lang, async () => {
        const builtIn = (await load()).default;
        catalogs.set(lang, { ...builtIn, ...catalogs.get(lang) });
        changed();
      }).catch(() => undefined)
    : Promise.resolve();
}

/**
 * Adds or overrides widget texts for a locale: a language dashkit has no catalog for (`registerMessages('tr',
 * {...})`), or a few strings of one it has (`registerMessages('de', { refresh: 'Neu laden' })`). A region tag
 * (`fa-AF`) wins over its language (`fa`); later calls win over earlier ones. Every element re-renders.
 */
export function registerMessages(locale: string, messages: Partial<Messages>): void {
  const tag = tags(locale)[0]!;
  catalogs.set(tag, { ...catalogs.get(tag), ...messages });
  changed();
}

/** The message of `key` for `locale`, without parameters filled in (host's, then built-in, then English). */
function lookup(locale: string, key: MessageKey): Message {
  for (const tag of tags(locale)) {
    const own = catalogs.get(tag)?.[key];
    if (own !== undefined) return own;
  }
  // Not loaded yet (or not built in): English until it arrives.
  void loadMessages(locale);
  // A text of an on-demand chunk is asked (and shown) once the chunk, and so its English, has arrived.
  return (en as Partial<Messages>)[key] ?? '';
}

/**
 * Adds English texts that an on-demand chunk brings (src/locales/en-*.ts): the fallback of every language, as
 * the built-in ones are; a host's `registerMessages` still wins. The chunk calls it before it asks for them
 * (nothing shown earlier needs a re-render); calling it again changes nothing.
 */
export function addEnglish(messages: Partial<Messages>): void {
  Object.assign(en, messages);
}

/**
 * A widget text in `locale`: `msg('fa-IR', 'retry')` → "تلاش دوباره". `{name}` placeholders take `params`
 * (numbers written in the locale's digits); a plural message picks its form by `params.n`.
 */
export function msg(locale: string, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
  const message = lookup(locale, key);
  const plural = () => intl(Intl.PluralRules, locale, undefined, 'en').select(Number(params?.['n'] ?? 0));
  const text = typeof message === 'string' ? message : (message[plural()] ?? message.other);
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat(locale, {}).format(value) : value;
  });
}
