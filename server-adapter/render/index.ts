/**
 * Boards rendered on the server (SPEC §7 "Boards, rendering and export"):
 * `renderBoard(board, options, deps)` reads the board's reports with the
 * caller's scope, turns them into the same text the widgets show (src/view/)
 * and draws PDF, PNG, SVG or HTML without a browser. Server-only: nothing in
 * src/ imports it.
 */
import type { Board, RenderDeps, RenderedBoard, RenderOptions } from './types.js';

export type { Board, RenderDeps, RenderedBoard, RenderOptions } from './types.js';

/** A format this build cannot render yet. */
export class UnsupportedFormatError extends Error {
  constructor(readonly format: string) {
    super(`rendering ${format} is not implemented`);
    this.name = 'UnsupportedFormatError';
  }
}

/** Renders `board` as `options.format`. */
export async function renderBoard(board: Board, options: RenderOptions, deps: RenderDeps): Promise<RenderedBoard> {
  void board;
  void deps;
  await Promise.resolve();
  throw new UnsupportedFormatError(options.format);
}
