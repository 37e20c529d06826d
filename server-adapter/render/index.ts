/**
 * Boards rendered on the server (SPEC §7 "Boards, rendering and export"):
 * `renderBoard(board, options, deps)` reads the board's reports with the
 * caller's scope, turns them into the same text the widgets show (src/view/,
 * the chart model and option builder) and draws PDF, PNG, SVG or HTML with
 * no browser. Server-only: nothing in src/ imports it.
 *
 * Libraries: PDFKit (vector PDF, embedded and subset TrueType fonts shaped
 * by fontkit, so Persian and Arabic join correctly) with svg-to-pdfkit to
 * draw the laid-out SVG pages as PDF vectors and text; @resvg/resvg-js
 * (Rust, no browser, its own text shaping) to rasterise the same SVG at 2×.
 */
import type { BoardView } from './data.js';
import { loadBoard } from './data.js';
import { renderHtml } from './html.js';
import { layoutBoard, stackPages } from './layout.js';
import { MAX_IMAGE_PAGES, RenderLimitError } from './limits.js';
import { renderPdf } from './pdf.js';
import { renderPng } from './png.js';
import type { Board, RenderDeps, RenderedBoard, RenderOptions } from './types.js';

export type { Board, RenderDeps, RenderedBoard, RenderOptions } from './types.js';
export type { BoardView } from './data.js';
export { RenderLimitError } from './limits.js';

const CONTENT_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
} as const;

/** `Weekly sales` → `weekly-sales`. */
function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'board'
  );
}

/** Renders `board` as `options.format`. */
export async function renderBoard(board: Board, options: RenderOptions, deps: RenderDeps): Promise<RenderedBoard> {
  const now = deps.now();
  const view: BoardView = await loadBoard(board, options, deps.engine, now, deps.signal);
  deps.signal?.throwIfAborted();
  const theme = options.theme ?? 'light';
  const paper = options.paper ?? 'a4';
  const encoder = new TextEncoder();
  let body: Uint8Array;
  switch (options.format) {
    case 'html':
      body = encoder.encode(renderHtml(view, theme, paper));
      break;
    case 'svg':
    case 'png': {
      const laid = layoutBoard(view, paper, theme);
      if (laid.pages.length > MAX_IMAGE_PAGES)
        throw new RenderLimitError(
          'format',
          `an image holds at most ${MAX_IMAGE_PAGES} pages and this board fills ${laid.pages.length}; ask for the PDF or show fewer rows`,
        );
      const svg = stackPages(laid);
      body = options.format === 'svg' ? encoder.encode(svg) : await renderPng(svg, deps.signal);
      break;
    }
    case 'pdf':
      body = await renderPdf(layoutBoard(view, paper, theme), view, paper, deps.signal);
      break;
  }
  const date = now.toISOString().slice(0, 10);
  return {
    body,
    contentType: CONTENT_TYPES[options.format],
    filename: `${board.id ?? slug(board.title)}-${date}.${options.format}`,
  };
}
