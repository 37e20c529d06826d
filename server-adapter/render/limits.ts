/**
 * Bounds of one render, so that no board can hold a process: the contract
 * bounds widgets and rows (MAX_BOARD_WIDGETS, MAX_BOARD_TABLE_ROWS); these
 * bound what they draw.
 */

/** Most pages one rendered board may fill (a PDF; the PNG and SVG draw the first page). */
export const MAX_RENDER_PAGES = 60;

/** A board asks for more than a render may draw: answered 400 naming `param`. */
export class RenderLimitError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'RenderLimitError';
  }
}

/** Most pages a PNG or SVG stacks into one image (a PNG at 2× of more is too big to mail). */
export const MAX_IMAGE_PAGES = 8;
