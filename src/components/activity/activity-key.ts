import type { ActivityItem } from '../../contract/activity.js';

/** An item's key (`kind:id`): its row's `data-key`, and how a refresh tells new items from those shown. */
export const keyOf = (item: ActivityItem): string => `${item.kind}:${item.id}`;
