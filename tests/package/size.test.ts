/**
 * The size budget of the widgets (issue 16), on the real build: all nine
 * elements in dist/cdn/dashkit.js without ECharts ≤ 38 KB gzip, with ECharts a
 * separate chunk that only a chart asks for. Sizes are deterministic for a
 * given lockfile, so this is a check, not a timing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { measure, WIDGETS_BUDGET_BYTES, widgetsGzip, type SizeRow } from '../../scripts/size.js';
import { ensureBuilt, ROOT } from '../support/examples.js';

const DIST = join(ROOT, 'dist');
let rows: SizeRow[];

beforeAll(async () => {
  await ensureBuilt();
  rows = measure(DIST);
}, 600_000);

describe('the CDN bundle', () => {
  it('fits all nine elements without ECharts in 38 KB gzip', () => {
    const main = readFileSync(join(DIST, 'cdn', 'dashkit.js'), 'utf8');
    for (const tag of ['dash-activity', 'dash-status']) expect(main).toContain(`"${tag}"`);
    const widgets = widgetsGzip(rows);
    expect(widgets, `${(widgets / 1024).toFixed(1)} KB gzip`).toBeLessThanOrEqual(WIDGETS_BUDGET_BYTES);
  });

  it('has every other file beside it imported on demand only (what a user action asks for)', () => {
    const main = readFileSync(join(DIST, 'cdn', 'dashkit.js'), 'utf8');
    const lazy = rows.filter((r) => r.kind === 'cdn-lazy').map((r) => r.file.replace(/^cdn\//, ''));
    expect(lazy.map((f) => f.replace(/-[\w-]{8}\.js$/, '')).sort()).toEqual([
      'activity-arrivals',
      'aging-download',
      'aging-invoices',
      'board-live',
      'custom-range',
      'export-toolbar',
    ]);
    for (const chunk of lazy) {
      expect(main).toContain(`import("./${chunk}")`);
      expect(main).not.toMatch(new RegExp(`from\\s*["']\\./${chunk.replace('.', '\\.')}["']`));
    }
  });

  it('has a message catalog per built-in language beside it, each imported on demand only', () => {
    const main = readFileSync(join(DIST, 'cdn', 'dashkit.js'), 'utf8');
    const catalogs = rows.filter((r) => r.kind === 'cdn-locale').map((r) => r.file.replace(/^cdn\//, ''));
    expect(catalogs.map((f) => f.replace(/-[\w-]{8}\.js$/, '')).sort()).toEqual([
      'locale-ar',
      'locale-de',
      'locale-es',
      'locale-fa',
      'locale-fr',
    ]);
    for (const chunk of catalogs) {
      expect(main).toContain(`import("./${chunk}")`);
      expect(main).not.toMatch(new RegExp(`from\\s*["']\\./${chunk.replace('.', '\\.')}["']`));
    }
  });

  it('keeps ECharts out of it, in a chunk the chart imports on demand', () => {
    const main = readFileSync(join(DIST, 'cdn', 'dashkit.js'), 'utf8');
    const echarts = rows.filter((r) => r.kind === 'cdn-echarts');
    expect(echarts).toHaveLength(1);
    const chunk = echarts[0]!.file.replace(/^cdn\//, '');
    // Only a dynamic import names the chunk; a static one would load it with the page.
    expect(main).toContain(`import("./${chunk}")`);
    expect(main).not.toMatch(new RegExp(`from\\s*["']\\./${chunk.replace('.', '\\.')}["']`));
    // ECharts' own code (its renderer registry) is in the chunk, not in the main file.
    expect(readFileSync(join(DIST, echarts[0]!.file), 'utf8')).toContain('registerPainter');
    expect(main).not.toContain('registerPainter');
  });
});
