/**
 * The renderer's words and the widgets' catalogs: a word both say (`FROM_WIDGETS`) is the widget's text in
 * every language but for the differences listed here, so a difference cannot come in, or stay after a
 * translator has settled it, unseen.
 */
import { describe, expect, it } from 'vitest';
import { en, type Messages } from '../../src/internal/messages-en.js';
import ar from '../../src/locales/locale-ar.js';
import de from '../../src/locales/locale-de.js';
import es from '../../src/locales/locale-es.js';
import fa from '../../src/locales/locale-fa.js';
import fr from '../../src/locales/locale-fr.js';
import { FROM_WIDGETS, type RenderWords } from './render-words.js';
import { fill, renderWords } from './words.js';

const WIDGETS: Record<string, Partial<Messages>> = { en, de, fr, es, fa, ar };

/**
 * Where rendered boards word it otherwise than the widgets today (words-ltr.ts, words-rtl.ts). The list may
 * only shrink: once a translator picks one wording, the entry goes here and there.
 */
const KNOWN_DIFFERENCES = [
  'de receivablesAging',
  'de total',
  'de soldPerDay',
  'de outOfStock',
  'de amountDue',
  'fr vs',
  'fr overdue',
  'fr soldPerDay',
  'fr age',
  'fr receivablesByAge',
  'es vs',
  'es lowStock',
  'es soldPerDay',
  'es allAbove',
  'es amountDue',
  'fa asOf',
  'fa byDueDate',
  'fa byInvoiceDate',
  'fa overdue',
  'fa lowStock',
  'fa allAbove',
  'fa activity',
  'fa noActivity',
  'fa by',
  'fa age',
  'fa receivablesByAge',
  'ar overdue',
  'ar atRisk',
  'ar noReceivables',
  'ar noActivity',
];

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the renderer’s words', () => {
  it('are the widgets’ own text wherever a widget says the same thing, but for the known differences', () => {
    const differences: string[] = [];
    for (const [lang, catalog] of Object.entries(WIDGETS)) {
      const words = renderWords(lang);
      for (const [word, id] of Object.entries(FROM_WIDGETS)) {
        if (words[word as keyof RenderWords] !== catalog[id]) differences.push(`${lang} ${word}`);
      }
    }
    expect(differences.sort()).toEqual([...KNOWN_DIFFERENCES].sort());
  });

  it('have the same placeholders in every language', () => {
    const english = renderWords('en');
    for (const lang of Object.keys(WIDGETS)) {
      const words = renderWords(lang);
      for (const word of Object.keys(english) as (keyof RenderWords)[]) {
        expect(placeholders(words[word]), `${lang} ${word}`).toEqual(placeholders(english[word]));
      }
    }
  });

  it('are picked by language, English for one the server does not speak', () => {
    expect(renderWords('fa-IR')).toBe(renderWords('fa'));
    expect(renderWords('AR-sa').customer).toBe('العميل');
    expect(renderWords('tr-TR')).toBe(renderWords('en'));
    expect(fill(renderWords('de').vs, { label: '1.–7. Nov.' })).toBe('ggü. 1.–7. Nov.');
  });
});
