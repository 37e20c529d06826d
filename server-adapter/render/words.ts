/**
 * The words a rendered board writes itself — table headings, "As of …",
 * "vs …", the activity feed's columns and statuses, "(continued)", chart
 * series and axis names — in the board's locale, so a `fa-IR` or `ar-SA` PDF,
 * PNG, HTML or digest has no English word the page author did not write.
 *
 * The same six languages as the server's other words (engine/labels.ts:
 * period and bucket labels); another language gets English. Server-only: the
 * widgets carry their own catalogs, and none of this enters the browser bundle.
 *
 * The catalogs: words-ltr.ts (en, de, fr, es) and words-rtl.ts (fa, ar); what
 * each holds: render-words.ts.
 */
import { SERVER_LANGUAGES } from '../engine/labels.js';
import type { RenderWords } from './render-words.js';
import { LTR_WORDS } from './words-ltr.js';
import { RTL_WORDS } from './words-rtl.js';

export type { RenderWords } from './render-words.js';

type Language = (typeof SERVER_LANGUAGES)[number];

const WORDS: Record<Language, RenderWords> = { ...LTR_WORDS, ...RTL_WORDS };

/** The renderer's words in `locale`'s language (English for a language the server does not speak). */
export function renderWords(locale: string): RenderWords {
  const lang = (locale.split('-')[0] ?? 'en').toLowerCase();
  return (SERVER_LANGUAGES as readonly string[]).includes(lang) ? WORDS[lang as Language] : WORDS.en;
}

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
