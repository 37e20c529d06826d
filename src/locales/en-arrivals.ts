/**
 * English texts of what a refresh of the activity feed brought ("3 new items"), which the built-in catalog
 * (src/internal/messages-en.ts) leaves out: the arrivals chunk (src/components/activity/activity-arrivals.ts) adds
 * them (`addEnglish`) before it first speaks. Hosts override them by id like any other text (`registerMessages`),
 * and the built-in catalogs (fa, ar, de, fr, es) translate them.
 */
export const arrivalsEn = {
  newItems: { one: '{count} new item', other: '{count} new items' },
  newItem: 'New: {what}',
} as const;
