/**
 * How wide text is in the embedded faces, measured by fontkit (the shaper PDFKit uses): for ECharts'
 * server-side renderer, which otherwise guesses a full em for every character outside ASCII (an
 * Arabic axis label came out twice its width and squeezed the plot into a third of the chart), and
 * for cutting long labels in the layout.
 */
import { create, type FontkitFont } from 'fontkit';
import { fontData } from './fonts.js';

let faces: { regular: FontkitFont; bold: FontkitFont } | undefined;

/** Measured widths by face and text, in font units; bounded (the labels of a few boards). */
const cache = new Map<string, number>();
const CACHE_MAX = 10_000;

/** The width of `text` at `size` pixels, in the bold or regular face. */
export function textWidth(text: string, size: number, bold = false): number {
  faces ??= { regular: create(fontData().regular), bold: create(fontData().bold) };
  const face = bold ? faces.bold : faces.regular;
  const key = (bold ? 'b' : 'r') + text;
  let units = cache.get(key);
  if (units === undefined) {
    units = face.layout(text).advanceWidth;
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, units);
  }
  return (units * size) / face.unitsPerEm;
}

/** The width of `text` in a CSS `font` shorthand as ECharts writes it (`bold 12px Vazirmatn`). */
export function cssTextWidth(text: string, font: string | undefined): number {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  return textWidth(text, size, /\b(bold|bolder|[6-9]00)\b/.test(font ?? ''));
}
