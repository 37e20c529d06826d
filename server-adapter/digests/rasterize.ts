/**
 * Charts of a digest's body as PNG: the board renderer's rasteriser (resvg
 * at 2×, Vazirmatn only, so Persian and Arabic labels are shaped as in the
 * PDF, and its pixmaps freed render by render).
 */
import { renderPng } from '../render/png.js';

/** `svg` drawn as a PNG at twice its size. */
export async function rasterizeSvg(svg: string): Promise<Uint8Array> {
  return renderPng(svg);
}
