/**
 * `v1/activity` and `v1/status` (contract §7): the feed newest first, its
 * cursor pages agreeing with one big page (no item twice, none skipped), and
 * the status document's pipelines. A backend without `activity` in
 * `meta.reports`, or without `v1/status` (404), has them skipped.
 */
import type { ActivityItem, ActivityResponse, StatusResponse } from '../../../../src/contract/index.js';
import { describeResponse } from '../runner.js';
import type { Ctx } from './context.js';

/** Items compared: the first page of this many, against pages of {@link SMALL_PAGE}. */
const BIG_PAGE = 60;
const SMALL_PAGE = 7;

const key = (item: ActivityItem) => `${item.kind}:${String(item.id)}`;

export async function activityChecks(ctx: Ctx): Promise<void> {
  const { runner } = ctx;
  await runner.run('v1/activity', 'order', async (t) => {
    const big = await runner.valid<ActivityResponse>(t, 'activity', { limit: String(BIG_PAGE) });
    t.expect(big.items.length <= BIG_PAGE, `limit=${BIG_PAGE} answered ${big.items.length} items`);
    t.expect(big.limit === BIG_PAGE, `limit=${BIG_PAGE} echoed as limit ${big.limit}`);
    for (let i = 1; i < big.items.length; i++) {
      const [a, b] = [big.items[i - 1]!, big.items[i]!];
      if (!t.expect(Date.parse(a.at) >= Date.parse(b.at), `${key(a)} (${a.at}) before the older ${key(b)} (${b.at})`))
        break;
    }
    const keys = big.items.map(key);
    t.expect(new Set(keys).size === keys.length, 'an item appears twice on one page');
    t.note(`${big.items.length} items, newest ${big.items[0]?.at ?? 'none'}`);
  });

  await runner.run('v1/activity', 'cursor', async (t) => {
    const big = await runner.valid<ActivityResponse>(t, 'activity', { limit: String(BIG_PAGE) });
    const paged: string[] = [];
    let before: string | undefined;
    let pages = 0;
    while (paged.length < big.items.length) {
      const page = await runner.valid<ActivityResponse>(t, 'activity', {
        limit: String(SMALL_PAGE),
        ...(before ? { before } : {}),
      });
      pages++;
      if (page.items.length === 0) t.abort(`page ${pages} is empty after ${paged.length} items`);
      paged.push(...page.items.map(key));
      if (!page.next) break;
      before = page.next;
    }
    const expected = big.items.map(key);
    const got = paged.slice(0, expected.length);
    const first = expected.findIndex((k, i) => got[i] !== k);
    t.expect(
      first < 0,
      () =>
        `item ${first + 1}: pages of ${SMALL_PAGE} give ${got[first] ?? 'nothing'}, one page gives ${expected[first]}`,
    );
    if (big.items.length < BIG_PAGE)
      t.expect(paged.length === big.items.length, `${paged.length} items over the pages, ${big.items.length} in one`);
    t.note(`${pages} pages of ${SMALL_PAGE} agree with one page of ${BIG_PAGE}`);
  });
}

export async function statusChecks(ctx: Ctx): Promise<void> {
  const { runner, client } = ctx;
  await runner.run('v1/status', 'contents', async (t) => {
    const probe = await client.get('v1/status');
    if (probe.status === 404) t.skip('the backend has no v1/status');
    if (probe.status !== 200) t.abort(`GET ${probe.url} → ${describeResponse(probe)}, expected 200`);
    const status = await runner.valid<StatusResponse>(t, 'status');
    t.expect(status.live === ctx.meta.live, `live is ${status.live}, v1/meta says ${ctx.meta.live}`);
    const ids = status.pipelines.map((p) => p.id);
    t.expect(new Set(ids).size === ids.length, `pipeline ids listed twice: ${ids.join(', ')}`);
    const now = Date.parse(status.generatedAt);
    for (const p of status.pipelines) {
      const promised = p.nextRunAt ? Date.parse(p.nextRunAt) : undefined;
      const overdue =
        promised !== undefined && promised < now && (p.lastRunAt === null || Date.parse(p.lastRunAt) < promised);
      t.expect(
        !overdue || p.status === 'late',
        `${p.id}: next run was due ${p.nextRunAt} with no run since, but status is ${p.status}`,
      );
      t.expect(
        p.lastRunAt !== null || p.lastSuccessAt === null,
        `${p.id}: a last success (${p.lastSuccessAt}) without a last run`,
      );
    }
    t.note(`${status.pipelines.length} pipelines, last change ${status.lastChange?.at ?? 'none'}`);
  });
}
