/**
 * The board's filters as text, and `sync-url`: its period and filters kept in
 * the page's query string, where anyone may edit them — so every value read
 * back is checked.
 */
import { COMPARE_MODES, isCalendarDate, RANGES } from '../../contract/common.js';
import type { DashFilter } from '../../events/filter-change.js';
import { msg } from '../../internal/i18n.js';

/** What `sync-url` keeps in the page's query string. */
export const URL_KEYS = ['range', 'from', 'to', 'compare', 'filter'] as const;
export type UrlKey = (typeof URL_KEYS)[number];

/** Whether the page's query string may set `key` to `value` (a URL is anyone's to edit). */
const urlValue = (key: UrlKey, value: string) =>
  key === 'filter' ||
  (key === 'from' || key === 'to'
    ? isCalendarDate(value)
    : (key === 'range' ? (RANGES as readonly string[]) : COMPARE_MODES).includes(value));

/** A bucket id as the aging report labels it: `days_31_60` → "31–60", `days_121_plus` → "121+", `current` in `locale`. */
const bucketLabel = (id: string, locale: string) =>
  id === 'current' ? msg(locale, 'current') : id.replace(/^days_(\d+)_/, '$1–').replace('–plus', '+');

/** `customer:42,bucket:days_31_60` as filters, with the labels known for them (`labels["customer:42"]`). */
export function parseFilters(
  filter: string | undefined,
  labels: Readonly<Record<string, string>>,
  locale = 'en',
): DashFilter[] {
  return (filter ?? '').split(',').flatMap((pair) => {
    const i = pair.indexOf(':');
    const dimension = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    if (i < 1 || !value) return [];
    const label = labels[`${dimension}:${value}`] ?? (dimension === 'bucket' ? bucketLabel(value, locale) : undefined);
    return [{ dimension, value, ...(label ? { label } : {}) }];
  });
}

/** The board's URL keys from `search`; an absent or invalid value gives the one in `initial` (what the markup said). */
export function readQuery(
  search: string,
  initial: Readonly<Record<UrlKey, string | undefined>>,
): Record<UrlKey, string | undefined> {
  const query = new URLSearchParams(search);
  const read = (k: UrlKey) => {
    const value = query.get(k);
    return value !== null && urlValue(k, value) ? value : initial[k];
  };
  return Object.fromEntries(URL_KEYS.map((k) => [k, read(k)])) as Record<UrlKey, string | undefined>;
}

/**
 * `sync-url`: sets the board's URL keys from the page's query string, to `initial` (what the markup said, by
 * default the board's values now) where absent or invalid; returns `initial`.
 */
export function readUrl(
  board: Partial<Record<UrlKey, string>>,
  initial = Object.fromEntries(URL_KEYS.map((k) => [k, board[k]])) as Record<UrlKey, string | undefined>,
): Record<UrlKey, string | undefined> {
  Object.assign(board, readQuery(location.search, initial));
  return initial;
}

/**
 * `sync-url`: a history entry for the user's change to the board's period or filters, so Back undoes it (the
 * page's other query parameters kept, an empty key removed).
 */
export function pushUrl(board: Readonly<Partial<Record<UrlKey, string>>> & { readonly syncUrl: boolean }): void {
  if (!board.syncUrl) return;
  const url = new URL(location.href);
  for (const k of URL_KEYS) {
    const value = board[k];
    if (value) url.searchParams.set(k, value);
    else url.searchParams.delete(k);
  }
  if (url.href !== location.href) history.pushState(history.state, '', url.href);
}
