import { describe, expect, it } from 'vitest';
import { customRangeEn } from '../locales/en-custom-range.js';
import { addEnglish, loadMessages, msg, registerMessages } from './i18n.js';

describe('texts of on-demand chunks (src/locales/en-*.ts)', () => {
  it('are English once their chunk has loaded, in any language without a catalog, and a host still wins', async () => {
    // Before the custom-range form's chunk: the built-in catalog does not carry its texts.
    expect(msg('en', 'missingFrom')).toBe('');
    registerMessages('en-GB', { apply: 'Apply range' });
    addEnglish(customRangeEn);
    expect(msg('en', 'missingFrom')).toBe('Enter the first day of the range.');
    expect(msg('tr', 'tooLong', { n: 7 })).toBe('A custom range spans at most 7 days.');
    expect(msg('en-GB', 'apply')).toBe('Apply range');
    expect(msg('en-US', 'apply')).toBe('Apply');
  });

  it('are translated by the built-in catalogs, under a host override', async () => {
    registerMessages('de', { noInvoices: '{name}: keine' });
    await loadMessages('de');
    expect(msg('de', 'issued')).toBe(msg('de-AT', 'issued'));
    expect(msg('de', 'issued')).not.toBe('');
    expect(msg('de', 'noInvoices', { name: 'ACME' })).toBe('ACME: keine');
  });
});
