/**
 * The server's period and bucket words and the widgets' catalogs: a word both say (a preset's name, a
 * comparison's, "Current", "Other") is the widget's text in every language but for the differences listed
 * here, so a difference cannot come in, or stay after a translator has settled it, unseen.
 */
import { describe, expect, it } from 'vitest';
import { en, type Messages } from '../../src/internal/messages-en.js';
import ar from '../../src/locales/locale-ar.js';
import de from '../../src/locales/locale-de.js';
import es from '../../src/locales/locale-es.js';
import fa from '../../src/locales/locale-fa.js';
import fr from '../../src/locales/locale-fr.js';
import { widgetText } from './catalogs.js';
import { agingBucketLabel, FROM_WIDGETS, lastDaysLabel, SERVER_LANGUAGES, words } from './labels.js';

const WIDGETS: Record<string, Partial<Messages>> = { en, de, fr, es, fa, ar };

/** Each server word a widget says too, by the widgets' message id. */
const TWINS = { ...FROM_WIDGETS, lastDays: 'lastDays' } as const;

/** Where answers word it otherwise than the widgets today (labels.ts); the list may only shrink. */
const KNOWN_DIFFERENCES = [
  'de previous',
  'es fiscal-year',
  'es previous',
  'es yearAgo',
  'es current',
  'fa fiscal-quarter',
  'fa fiscal-year',
  'fa lastDays',
  'fa previous',
  'fa yearAgo',
  'fa current',
  'ar year',
  'ar fiscal-quarter',
  'ar fiscal-year',
  'ar current',
];

describe('the server’s words', () => {
  it('speak the languages the widgets have catalogs for', () => {
    expect([...SERVER_LANGUAGES].sort()).toEqual(Object.keys(WIDGETS).sort());
  });

  it('are the widgets’ own text wherever a widget says the same thing, but for the known differences', () => {
    const differences: string[] = [];
    for (const [lang, catalog] of Object.entries(WIDGETS)) {
      const own = words(lang);
      for (const [word, id] of Object.entries(TWINS)) {
        const text = catalog[id];
        const same = JSON.stringify(own[word as keyof typeof TWINS]) === JSON.stringify(text);
        if (!same) differences.push(`${lang} ${word}`);
      }
    }
    expect(differences.sort()).toEqual([...KNOWN_DIFFERENCES].sort());
  });

  it('write plurals and buckets in the locale', () => {
    expect(lastDaysLabel(30, 'en-US')).toBe('Last 30 days');
    expect(lastDaysLabel(1, 'de')).toBe('Letzter Tag');
    expect(lastDaysLabel(2, 'ar-SA')).toBe('آخر يومين');
    expect(lastDaysLabel(1, 'fa-IR')).toBe('۱ روز گذشته');
    expect(agingBucketLabel(null, 0, 'fr')).toBe('Non échu');
    expect(agingBucketLabel(null, 0, 'tr')).toBe('Current');
  });

  it('take one string from a catalog, and refuse a text with plural forms', () => {
    expect(widgetText('de', 'today')).toBe('Heute');
    expect(() => widgetText('en', 'lastDays')).toThrow(/plural/);
  });
});
