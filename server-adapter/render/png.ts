/**
 * PNG through @resvg/resvg-js: the laid-out SVG rasterised at 2× (sharp in
 * mail and chat on high-density screens), with the board's embedded fonts
 * and no system fonts, so every machine draws the same pixels.
 */
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, FONT_FILES } from './fonts.js';

/** Device pixels per CSS pixel. */
export const PNG_SCALE = 2;

/**
 * resvg anchors text by its left and right ends whatever the `direction`
 * (SVG 1.1 anchors by the start and end of the text in its direction, as
 * svg-to-pdfkit does): right-to-left text gets the anchor swapped instead. resvg
 * orders and shapes the text itself.
 */
export function forResvg(svg: string): string {
  return svg.replace(/text-anchor="(start|end)" direction="rtl"/g, (_, anchor: string) =>
    anchor === 'start' ? 'text-anchor="end"' : 'text-anchor="start"',
  );
}

export function renderPng(svg: string): Uint8Array {
  const resvg = new Resvg(forResvg(svg), {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
  });
  return new Uint8Array(resvg.render().asPng());
}
