/**
 * What `<dash-activity>` does when a refresh of its feed (a live invalidation, the board's Refresh) brings items
 * not seen before: finds them, words the polite announcement and flashes their rows; and gives the keyboard focus
 * back to the item it was on (rows are reused by position). Loaded on demand, when the
 * element first refetches a feed it shows; a page whose feed never refreshes does not download it.
 */
import type { ActivityItem, ActivityResponse } from '../../contract/activity.js';
import { directionOf, formatValue, numberFormat, type FormatContext } from '../../internal/format.js';
import { addEnglish, msg } from '../../internal/i18n.js';
import { arrivalsEn } from '../../locales/en-arrivals.js';
import { keyOf } from './activity-key.js';

/** What a refresh brought. */
export interface Arrivals {
  /** Keys of the new items (`kind:id`), for the rows to highlight. */
  keys: string[];
  /** The announcement: one item in words, several as a count; empty when nothing is new. */
  text: string;
}

/**
 * The items of `page` that arrived since `before` was shown (same feed), and what to announce about them. New:
 * above the item that was on top, and not shown before.
 */
export function arrivals(before: readonly ActivityItem[], page: ActivityResponse, format: FormatContext): Arrivals {
  const shown = new Set(before.map(keyOf));
  const top = before[0];
  const items = page.items;
  const at = top ? items.findIndex((i) => keyOf(i) === keyOf(top)) : -1;
  const news = (at < 0 ? items : items.slice(0, at)).filter((i) => !shown.has(keyOf(i)));
  return { keys: news.map(keyOf), text: news.length ? announce(news, at < 0 && !!page.next, format) : '' };
}

/** One polite announcement per refresh: a single item in words, several as a count (fifty are not read out). */
function announce(items: ActivityItem[], overflow: boolean, format: FormatContext): string {
  // Its English texts come with this chunk (the built-in catalog leaves them out).
  addEnglish(arrivalsEn);
  const [first] = items;
  const l = format.locale;
  const count = `${numberFormat(l, {}).format(items.length)}${overflow ? '+' : ''}`;
  return items.length > 1 || overflow || !first
    ? msg(l, 'newItems', { n: items.length, count })
    : msg(l, 'newItem', {
        what: [first.title, first.customer?.name, first.amount && formatValue(first.amount, 'currency', format)]
          .filter(Boolean)
          .join(directionOf(l) === 'rtl' ? '، ' : ', '),
      });
}

/** Gives the focus back to the item `key` (a button in its row) wherever the refresh moved it. */
export function refocus(root: ShadowRoot, key: string | undefined): void {
  if (key) root.querySelector<HTMLElement>(`li[data-key="${CSS.escape(key)}"] button`)?.focus();
}

/**
 * Plays the highlight on whichever row of `root` now shows each of `keys` (part `new` while it lasts); a step
 * instead of a fade when motion is reduced.
 */
export function flash(root: ShadowRoot, keys: readonly string[]): void {
  const easing = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'step-end' : 'ease-out';
  for (const key of keys) {
    const row = root.querySelector<HTMLElement>(`li[data-key="${CSS.escape(key)}"]`);
    if (!row) continue;
    row.part.add('new');
    row.animate([{ background: 'var(--_dash-highlight)' }, {}], { duration: 2000, easing }).onfinish = () =>
      row.part.remove('new');
  }
}
