/**
 * A board laid out on pages as SVG: the header, stat cards, charts (ECharts'
 * SVG) and tables — long tables continued on the next page with their
 * header repeated. Every text is SVG text, so the PDF keeps it selectable
 * and the HTML and SVG keep it as text. Right-to-left locales mirror the
 * layout. Sizes are CSS pixels (96 per inch).
 */
import type { Paper } from '../../src/contract/index.js';
import { themeColors, type ThemeName } from '../../src/view/theme.js';
import { CHANGE_ARROWS, type ChangeDirection, type StatView } from '../../src/view/stat.js';
import type { TableView } from '../../src/view/tables.js';
import { chartSvg } from './chart.js';
import type { BoardView } from './data.js';
import { FONT_FAMILY } from './fonts.js';
import { MAX_RENDER_PAGES, RenderLimitError } from './limits.js';
import { textWidth } from './measure.js';
import { fill } from './words.js';

/** Page sizes in CSS pixels: A4 is 210×297 mm, Letter 8.5×11 in. */
export const PAGE_SIZES: Readonly<Record<Paper, { width: number; height: number }>> = {
  a4: { width: 794, height: 1123 },
  letter: { width: 816, height: 1056 },
};

const MARGIN = 40;
const GAP = 16;
const CARD_HEIGHT = 112;
const CHART_HEIGHT = 260;
const ROW = 22;
const HEAD_ROW = 26;
const CARDS_PER_ROW = 4;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** `text` cut with an ellipsis to fit `width` at `size`, measured in the face it is drawn in. */
export function fit(text: string, size: number, width: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  // The longest start that fits with its ellipsis (binary search over code points).
  let lo = 1;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('').trimEnd()}…`, size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * Text as the embedded font can draw it. Vazirmatn has no glyph for the
 * Arabic letter mark (U+061C, which `Intl.NumberFormat` writes around ar-SA
 * numbers) nor the directional isolates (U+2066–2069): the mark becomes the
 * right-to-left mark (U+200F, the same strong direction, in the font) and the
 * isolates, invisible, are left out, so no box of a missing glyph is drawn.
 */
export function drawable(text: string): string {
  return text.replace(/\u061c/g, '\u200f').replace(/[\u2066-\u2069]/g, '');
}

/** The change badge's text without its arrow (drawn as a shape: the font has no ▲ ▼ ▶). */
export function withoutArrow(text: string, direction: ChangeDirection | 'none'): string {
  if (direction === 'none') return text;
  const arrow = CHANGE_ARROWS[direction];
  return text.startsWith(arrow) ? text.slice(arrow.length).trimStart() : text;
}

/** Width of the drawn arrow of a change badge, and the room after it. */
const ARROW = 7;
const ARROW_GAP = 4;

interface TextStyle {
  size: number;
  fill: string;
  weight?: 'bold' | 'normal';
  anchor?: 'start' | 'end' | 'middle';
}

/** Draws one page; coordinates given left to right are mirrored in a right-to-left board. */
class Page {
  readonly parts: string[] = [];
  constructor(
    readonly width: number,
    readonly rtl: boolean,
  ) {}

  /** The x of a box at `x` of width `w` (its left edge once mirrored). */
  x(x: number, w = 0): number {
    return this.rtl ? this.width - x - w : x;
  }

  text(x: number, y: number, content: string, style: TextStyle): void {
    // In right-to-left text `start` is the right end (SVG's text-anchor follows `direction`): no flipping here.
    const flipped = style.anchor ?? 'start';
    this.parts.push(
      `<text x="${this.x(x).toFixed(1)}" y="${y.toFixed(1)}" font-size="${style.size}" fill="${style.fill}"${
        style.weight === 'bold' ? ' font-weight="bold"' : ''
      } text-anchor="${flipped}"${this.rtl ? ' direction="rtl"' : ''}>${escapeXml(drawable(content))}</text>`,
    );
  }

  rect(x: number, y: number, w: number, h: number, attrs: string): void {
    this.parts.push(
      `<rect x="${this.x(x, w).toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" ${attrs}/>`,
    );
  }

  /**
   * The change badge's arrow as a filled triangle of {@link ARROW} px whose left edge (before
   * mirroring) is at `x`, centred on `cy`: up, down, or pointing along the line for no change.
   */
  arrow(x: number, cy: number, direction: ChangeDirection, fill: string): void {
    const l = this.x(x, ARROW);
    const r = l + ARROW;
    const h = ARROW * 0.87;
    const t = cy - h / 2;
    const b = cy + h / 2;
    const m = (l + r) / 2;
    const points =
      direction === 'up'
        ? [
            [l, b],
            [r, b],
            [m, t],
          ]
        : direction === 'down'
          ? [
              [l, t],
              [r, t],
              [m, b],
            ]
          : [
              [l, cy - ARROW / 2],
              [l, cy + ARROW / 2],
              [l + h, cy],
            ];
    this.parts.push(
      `<polygon points="${points.map(([px, py]) => `${px!.toFixed(1)},${py!.toFixed(1)}`).join(' ')}" fill="${fill}"/>`,
    );
  }

  raw(svg: string): void {
    this.parts.push(svg);
  }
}

/** A board's pages as standalone SVG documents. */
export interface LaidOut {
  width: number;
  height: number;
  pages: string[];
}

/** Lays `view` out on `paper` in `theme`. */
export function layoutBoard(view: BoardView, paper: Paper, theme: ThemeName): LaidOut {
  const { width, height } = PAGE_SIZES[paper];
  const colors = themeColors(theme);
  const c = (name: string) => colors[name] ?? '#000';
  const inner = width - 2 * MARGIN;
  const bottom = height - MARGIN;
  const pages: Page[] = [];
  let page!: Page;
  let y = 0;
  const newPage = () => {
    if (pages.length >= MAX_RENDER_PAGES)
      throw new RenderLimitError(
        'widgets',
        `a rendered board fills at most ${MAX_RENDER_PAGES} pages; show fewer rows`,
      );
    page = new Page(width, view.rtl);
    pages.push(page);
    y = MARGIN;
  };
  /** Room for `h` more pixels on this page, or a new page. */
  const room = (h: number) => {
    if (y + h > bottom && y > MARGIN) newPage();
  };

  newPage();
  page.text(MARGIN, y + 22, fit(view.title, 22, inner, true), { size: 22, weight: 'bold', fill: c('text') });
  page.text(MARGIN, y + 44, fit(view.subtitle, 11, inner), { size: 11, fill: c('text-muted') });
  y += 64;

  const card = (p: Page, x: number, top: number, w: number, s: StatView) => {
    p.rect(x, top, w, CARD_HEIGHT, `rx="8" fill="${c('surface')}" stroke="${c('border')}"`);
    p.text(x + 12, top + 22, fit(s.label, 12, w - 24), { size: 12, fill: c('text-muted') });
    // A value is never cut: a long one (rials) gets a smaller size instead.
    const valueSize = Math.max(12, Math.min(24, (w - 24) / (Math.max(1, s.value.length) * 0.56)));
    p.text(x + 12, top + 54, s.value, { size: Number(valueSize.toFixed(1)), weight: 'bold', fill: c('text') });
    if (s.trend.length > 0) {
      const sx = (w - 24) / 100;
      const sy = 22 / 32;
      const left = p.x(x + 12, w - 24);
      // Drawn left to right in both directions: time runs left to right on every chart axis too.
      for (const points of s.trend) {
        const scaled = points
          .map((pt) => {
            const [px, py] = pt.split(',').map(Number);
            return `${(left + (px ?? 0) * sx).toFixed(1)},${(top + 62 + (py ?? 0) * sy).toFixed(1)}`;
          })
          .join(' ');
        p.raw(`<polyline points="${scaled}" fill="none" stroke="${c('accent')}" stroke-width="1.5"/>`);
      }
    }
    const f = s.footer;
    if (f.kind === 'as-of') p.text(x + 12, top + 100, f.text, { size: 11, fill: c('text-muted') });
    if (f.kind === 'change') {
      const tone = f.change.tone;
      const fg = tone === 'good' ? c('good') : tone === 'bad' ? c('bad') : c('text-muted');
      const bg = tone === 'good' ? c('good-surface') : tone === 'bad' ? c('bad-surface') : c('neutral-surface');
      const direction = f.change.direction;
      const text = withoutArrow(f.change.text, direction);
      const arrowRoom = direction === 'none' ? 0 : ARROW + ARROW_GAP;
      const badge = textWidth(text, 11, true) + 12 + arrowRoom;
      p.rect(x + 12, top + 88, badge, 17, `rx="8" fill="${bg}"`);
      if (direction !== 'none') p.arrow(x + 18, top + 96.5, direction, fg);
      p.text(x + 18 + arrowRoom, top + 100, text, { size: 11, weight: 'bold', fill: fg });
      p.text(x + 18 + badge, top + 100, fit(f.comparison, 10, w - badge - 30), { size: 10, fill: c('text-muted') });
    }
  };

  const table = (t: TableView) => {
    // Each column as wide as its widest text (numbers at most 130 px); the first (names) takes what is left.
    const need = t.columns.map(
      (col, i) => Math.max(textWidth(col.label, 11, true), ...t.rows.map((r) => textWidth(r.cells[i] ?? '', 11))) + 16,
    );
    const wanted = need.slice(1).map((n) => Math.min(n, 130));
    const total = wanted.reduce((a, b) => a + b, 0);
    const scale = total > inner * 0.72 ? (inner * 0.72) / total : 1;
    const widths = [0, ...wanted.map((w) => w * scale)];
    // Numbers are never cut: a crowded table gets a smaller font instead.
    const size = Math.max(7, Math.floor(11 * Math.max(scale, 0.6) * 10) / 10);
    widths[0] = inner - widths.reduce((a, b) => a + b, 0);
    const starts = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, b) => a + b, 0));
    const colX = (i: number) => starts[i] ?? MARGIN;
    const colW = (i: number) => widths[i] ?? 0;
    const heading = (continued: boolean) => {
      page.text(
        MARGIN,
        y + 16,
        fit(continued ? fill(view.words.continued, { title: t.title }) : t.title, 14, inner, true),
        {
          size: 14,
          weight: 'bold',
          fill: c('text'),
        },
      );
      y += 22;
      if (!continued && t.subtitle) {
        page.text(MARGIN, y + 12, fit(t.subtitle, 11, inner), { size: 11, fill: c('text-muted') });
        y += 18;
      }
      if (!continued && t.summary.length) {
        page.text(MARGIN, y + 12, fit(t.summary.map((s) => `${s.label}: ${s.value}`).join('   '), 11, inner), {
          size: 11,
          fill: c('text'),
        });
        y += 20;
      }
      page.rect(MARGIN, y, inner, HEAD_ROW, `fill="${c('neutral-surface')}"`);
      t.columns.forEach((col, i) => {
        const numeric = col.numeric;
        page.text(numeric ? colX(i) + colW(i) - 8 : colX(i) + 8, y + 17, fit(col.label, 11, colW(i) - 12), {
          size: 11,
          weight: 'bold',
          fill: c('text-muted'),
          anchor: numeric ? 'end' : 'start',
        });
        // An aging bucket's mark: its tone of the aging scale, as under the widget's header and in the donut.
        if (col.tone !== undefined)
          page.rect(colX(i) + 4, y + HEAD_ROW - 3, colW(i) - 8, 3, `fill="${c(`aging-${col.tone}`)}"`);
      });
      y += HEAD_ROW;
    };
    room(22 + 38 + HEAD_ROW + ROW);
    heading(false);
    if (t.rows.length === 0) {
      page.text(MARGIN + 8, y + 16, t.empty, { size: 11, fill: c('text-muted') });
      y += ROW;
    }
    t.rows.forEach((row, r) => {
      if (y + ROW > bottom) {
        newPage();
        heading(true);
      }
      if (r % 2 === 1) page.rect(MARGIN, y, inner, ROW, `fill="${c('neutral-surface')}" fill-opacity="0.5"`);
      row.cells.forEach((cell, i) => {
        const numeric = t.columns[i]?.numeric ?? false;
        const shown = numeric ? cell : fit(cell, size, colW(i) - 12);
        page.text(numeric ? colX(i) + colW(i) - 4 : colX(i) + 8, y + 15, shown, {
          size,
          weight: i === 0 ? 'bold' : 'normal',
          fill: row.bad?.[i] ? c('bad') : c('text'),
          anchor: numeric ? 'end' : 'start',
        });
      });
      y += ROW;
    });
    y += GAP;
  };

  let charts = 0;
  for (const w of view.widgets) {
    if (w.kind === 'stats') {
      const perRow = Math.min(CARDS_PER_ROW, w.cards.length);
      const cw = (inner - GAP * (perRow - 1)) / perRow;
      for (let i = 0; i < w.cards.length; i += perRow) {
        room(CARD_HEIGHT);
        w.cards.slice(i, i + perRow).forEach((s, k) => card(page, MARGIN + k * (cw + GAP), y, cw, s));
        y += CARD_HEIGHT + GAP;
      }
    } else if (w.kind === 'chart') {
      room(44 + CHART_HEIGHT);
      page.text(MARGIN, y + 16, fit(w.model.title, 14, inner, true), { size: 14, weight: 'bold', fill: c('text') });
      page.text(MARGIN, y + 34, fit(w.model.subtitle, 11, inner), { size: 11, fill: c('text-muted') });
      y += 44;
      if (w.model.empty) {
        page.text(MARGIN, y + 20, view.words.noData, { size: 12, fill: c('text-muted') });
        y += 40;
      } else {
        const svg = drawable(
          uniqueIds(chartSvg(w, view.format, view.rtl, theme, inner, CHART_HEIGHT, view.words.total), `c${charts++}-`),
        );
        page.raw(`<g transform="translate(${MARGIN},${y})">${innerSvg(svg)}</g>`);
        y += CHART_HEIGHT + GAP;
      }
    } else {
      table(w.table);
    }
  }

  return {
    width,
    height,
    pages: pages.map((p) => pageSvg(p.parts, width, height, c('surface'))),
  };
}

/** `svg` with every id (and reference to one) prefixed, so that two charts on a page keep their own clip paths. */
export function uniqueIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, `id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`)
    .replace(/href="#([^"]+)"/g, `href="#${prefix}$1"`);
}

/** The content of an `<svg>` document, without its root element (to place it in another). */
export function innerSvg(svg: string): string {
  const open = svg.indexOf('>', svg.indexOf('<svg'));
  const close = svg.lastIndexOf('</svg>');
  return svg.slice(open + 1, close);
}

function pageSvg(parts: readonly string[], width: number, height: number, background: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">` +
    `<rect width="${width}" height="${height}" fill="${background}"/>${parts.join('')}</svg>`
  );
}

/** Every page one below the other, as one SVG (what `render.svg` and `render.png` draw). */
export function stackPages(laid: LaidOut, gap = 0): string {
  const total = laid.pages.length * laid.height + (laid.pages.length - 1) * gap;
  const body = laid.pages
    .map((p, i) => `<g transform="translate(0,${i * (laid.height + gap)})">${innerSvg(p)}</g>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${laid.width}" height="${total}" viewBox="0 0 ${laid.width} ${total}" font-family="${FONT_FAMILY}">${body}</svg>`;
}
