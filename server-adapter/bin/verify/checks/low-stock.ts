/** `v1/low-stock`: most urgent first (out of stock first), total and outOfStock the same on every page. */
import type { LowStockItem, LowStockResponse } from '../../../../src/contract/index.js';
import type { Check } from '../runner.js';
import type { Ctx } from './context.js';

const PAGE = 1000;

async function allItems(ctx: Ctx, t: Check): Promise<{ first: LowStockResponse; items: LowStockItem[] }> {
  const first = await ctx.runner.valid<LowStockResponse>(t, 'lowStock', { limit: String(PAGE) });
  const items = [...first.items];
  while (items.length < first.total) {
    const page = await ctx.runner.valid<LowStockResponse>(t, 'lowStock', {
      limit: String(PAGE),
      offset: String(items.length),
    });
    if (page.items.length === 0) t.abort(`page at offset ${items.length} is empty but total is ${first.total}`);
    items.push(...page.items);
  }
  return { first, items };
}

/** The sort key SPEC §2 gives: out of stock first, then fewest days of cover, then lowest quantity / reorder level. */
function urgency(item: LowStockItem): [number, number, number] {
  const ratio = item.reorderLevel > 0 ? item.quantity / item.reorderLevel : Infinity;
  return [item.status === 'out' ? 0 : 1, item.daysOfCover ?? Infinity, ratio];
}

export async function lowStockChecks(ctx: Ctx): Promise<void> {
  const { runner } = ctx;
  let all: LowStockItem[] | undefined;
  let first: LowStockResponse | undefined;

  await runner.run('v1/low-stock', 'order', async (t) => {
    ({ first, items: all } = await allItems(ctx, t));
    const items = all;
    t.expect(first.total === items.length, `total ${first.total}, ${items.length} items over all pages`);
    const out = items.filter((i) => i.status === 'out').length;
    t.expect(first.outOfStock === out, `outOfStock ${first.outOfStock}, ${out} items with status out`);
    for (const item of items) {
      const ok =
        t.expect(
          item.quantity <= item.reorderLevel,
          `${item.sku}: quantity ${item.quantity} above reorder level ${item.reorderLevel}`,
        ) &&
        t.expect(
          item.status === (item.quantity <= 0 ? 'out' : 'low'),
          `${item.sku}: status ${item.status} at quantity ${item.quantity}`,
        );
      if (!ok) break;
    }
    const withCover = items.some((i) => i.daysOfCover !== undefined && i.daysOfCover !== null);
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [urgency(items[i - 1]!), urgency(items[i]!)];
      let ordered = a[0] <= b[0];
      if (a[0] === b[0] && a[0] === 1) {
        // Within the low items: days of cover when the backend has demand, else quantity / reorder level.
        ordered = withCover ? a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2] + 1e-9) : a[2] <= b[2] + 1e-9;
      }
      const [x, y] = [items[i - 1]!, items[i]!];
      if (
        !t.expect(
          ordered,
          `${x.sku} (${x.status}, ${x.quantity}/${x.reorderLevel}, cover ${x.daysOfCover}) listed before ${y.sku} (${y.status}, ${y.quantity}/${y.reorderLevel}, cover ${y.daysOfCover})`,
        )
      )
        break;
    }
    t.note(`${items.length} items, ${out} out of stock first, then by urgency`);
  });

  await runner.run('v1/low-stock', 'paging', async (t) => {
    if (!all || !first) t.skip('no full list (see order)');
    const full = all!.map((i) => String(i.id));
    for (const limit of [1, 5]) {
      const seen: string[] = [];
      for (let offset = 0; offset < Math.min(full.length, 4 * limit) || offset === 0; offset += limit) {
        const r = await runner.valid<LowStockResponse>(t, 'lowStock', { limit: String(limit), offset: String(offset) });
        const where = `limit=${limit}&offset=${offset}`;
        t.expect(r.limit === limit && r.offset === offset, `${where}: echoed limit=${r.limit}&offset=${r.offset}`);
        t.expect(
          r.total === first!.total && r.outOfStock === first!.outOfStock,
          `${where}: total/outOfStock ${r.total}/${r.outOfStock}, ${first!.total}/${first!.outOfStock} on the full list`,
        );
        t.expect(
          r.items.length === Math.max(0, Math.min(limit, full.length - offset)),
          `${where}: ${r.items.length} items`,
        );
        seen.push(...r.items.map((i) => String(i.id)));
      }
      const want = full.slice(0, seen.length);
      t.expect(
        seen.join(',') === want.join(','),
        `pages of ${limit} list ${seen.join(',')}, the full list ${want.join(',')}`,
      );
    }
    const defaults = await runner.valid<LowStockResponse>(t, 'lowStock');
    t.expect(
      defaults.limit === 50 && defaults.offset === 0,
      `default limit/offset ${defaults.limit}/${defaults.offset}, expected 50/0`,
    );
    t.note('total and outOfStock equal on every page; pages match the full list');
  });
}
