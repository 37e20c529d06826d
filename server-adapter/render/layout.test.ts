/**
 * The aging scale on paper: the server renderer draws the aging donut's slices and the aging table's bucket
 * marks in the same ordered neutral → amber → red tones as the widgets (src/view/theme.ts), in both themes.
 */
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/components/chart/chart-model.js';
import { AgingResponse, MetaResponse } from '../../src/contract/index.js';
import { agingView } from '../../src/view/tables.js';
import { agingTone, themeColors, type ThemeName } from '../../src/view/theme.js';
import agingJson from '../../tests/fixtures/aging.json';
import metaJson from '../../tests/fixtures/meta.json';
import { layoutBoard } from './layout.js';
import type { BoardView } from './data.js';
import { renderWords } from './words.js';

const AGING = AgingResponse.parse(agingJson);
const META = MetaResponse.parse(metaJson);
const FORMAT = { locale: 'en-GB', currency: 'EUR' };

function board(chartType: 'donut' | 'bar'): BoardView {
  const model = buildModel({ kind: 'aging', meta: META, response: AGING }, FORMAT);
  return {
    title: 'Receivables',
    subtitle: 'As of 21 Nov 2025',
    format: FORMAT,
    rtl: false,
    words: renderWords(FORMAT.locale),
    widgets: [
      { kind: 'chart', model, chartType, includeOther: false },
      { kind: 'table', table: agingView(AGING, FORMAT) },
    ],
  };
}

/** The fill colours of `svg`'s shapes, in document order, lower-cased. */
const fills = (svg: string) => [...svg.matchAll(/fill="(#[0-9a-fA-F]{6})"/g)].map((m) => m[1]!.toLowerCase());

describe('the aging scale in the server renderer', () => {
  it.each(['light', 'dark'] as ThemeName[])('colours the donut, the bars and the table marks alike (%s)', (theme) => {
    const colors = themeColors(theme);
    const n = AGING.buckets.length;
    const scale = AGING.buckets.map((_, i) => colors[`aging-${agingTone(i, n)}`]!.toLowerCase());
    expect(new Set(scale).size).toBe(n);
    for (const type of ['donut', 'bar'] as const) {
      const [page] = layoutBoard(board(type), 'a4', theme).pages;
      const drawn = fills(page!);
      // Every bucket's tone is drawn: its slice and legend mark (a bar chart of one series has no legend), and its
      // mark under the table's header.
      const least = type === 'donut' ? 3 : 2;
      for (const c of scale) expect(drawn.filter((f) => f === c).length, `${type} ${c}`).toBeGreaterThanOrEqual(least);
      // The table's marks, one per bucket column, in bucket order.
      const marks = [...page!.matchAll(/<rect [^>]*height="3\.0" fill="(#[0-9a-fA-F]{6})"\/>/g)].map((m) =>
        m[1]!.toLowerCase(),
      );
      expect(marks).toEqual(scale);
    }
  });
});
