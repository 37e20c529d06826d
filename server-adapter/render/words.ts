/**
 * The words a rendered board writes itself — table headings, "As of …",
 * "vs …", the activity feed's columns and statuses, "(continued)", chart
 * series and axis names — in the board's locale, so a `fa-IR` or `ar-SA` PDF,
 * PNG, HTML or digest has no English word the page author did not write.
 *
 * The same six languages as the server's other words (engine/labels.ts:
 * period and bucket labels); another language gets English. Server-only:
 * none of this enters the browser bundle.
 *
 * A word a widget says too (a table's headings, "As of {date}") is the
 * widget's, read from its catalog (engine/catalogs.ts; which ones:
 * `FROM_WIDGETS` in render-words.ts). The renderer's own words, and those a
 * language puts otherwise than its widgets, are in words-ltr.ts (en, de, fr,
 * es) and words-rtl.ts (fa, ar).
 */
import { perLanguage, serverLanguage, type ServerLanguage, widgetTexts } from '../engine/catalogs.js';
import { FROM_WIDGETS, type OwnWords, type RenderWords, type UnlikeWidgets } from './render-words.js';
import { LTR_UNLIKE_WIDGETS, LTR_WORDS } from './words-ltr.js';
import { RTL_UNLIKE_WIDGETS, RTL_WORDS } from './words-rtl.js';

export type { RenderWords } from './render-words.js';

const OWN: Record<ServerLanguage, OwnWords> = { ...LTR_WORDS, ...RTL_WORDS };
const UNLIKE_WIDGETS: Partial<Record<ServerLanguage, UnlikeWidgets>> = { ...LTR_UNLIKE_WIDGETS, ...RTL_UNLIKE_WIDGETS };

const WORDS = perLanguage((lang): RenderWords => ({
  ...widgetTexts(lang, FROM_WIDGETS),
  ...OWN[lang],
  ...UNLIKE_WIDGETS[lang],
}));

/** The renderer's words in `locale`'s language (English for a language the server does not speak). */
export function renderWords(locale: string): RenderWords {
  return WORDS[serverLanguage(locale)];
}

/** `template` with each `{name}` replaced by `values[name]`. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
