/**
 * PNG through @resvg/resvg-js: the laid-out SVG rasterised at 2× (sharp in
 * mail and chat on high-density screens), with the board's embedded fonts
 * and no system fonts, so every machine draws the same pixels.
 *
 * Memory: resvg's pixmap (1588×6738 RGBA, ≈ 43 MB for the demo board) lives
 * in Rust memory owned by a `RenderedImage` that V8 sees as a few bytes, and
 * Node 20 runs Node-API finalizers only on a later turn of the event loop
 * (`SetImmediate`), never inside a chain of promises. A loop of renders that
 * never leaves the microtask queue (a bench, a digest drawing its charts, a
 * burst of requests answered from memory) therefore kept every pixmap: RSS
 * grew by the pixmap's size per render. So the rasterising runs on libuv's
 * pool (`renderAsync`, which also keeps the event loop free for other
 * requests) and every render ends with a turn of the event loop, letting the
 * finalizers of collected images free their pixmaps.
 */
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
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

const OPTIONS: ResvgRenderOptions = {
  fitTo: { mode: 'zoom', value: PNG_SCALE },
  font: {
    loadSystemFonts: false,
    fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
    defaultFontFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
  },
  shapeRendering: 2,
  textRendering: 1,
};

/** One turn of the event loop: Node-API finalizers queued by the last garbage collection run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `svg` (as laid out by this renderer) drawn as a PNG at {@link PNG_SCALE}×. */
export async function renderPng(svg: string, signal?: AbortSignal): Promise<Uint8Array> {
  let image: Awaited<ReturnType<typeof renderAsync>> | undefined = await renderAsync(forResvg(svg), OPTIONS, signal);
  const png = new Uint8Array(image.asPng());
  image = undefined;
  await turn();
  return png;
}
