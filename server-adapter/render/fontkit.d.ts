/** Types of fontkit (the package ships none): the part this adapter uses to measure text. */
declare module 'fontkit' {
  export interface FontkitGlyphRun {
    /** In font units. */
    advanceWidth: number;
  }
  export interface FontkitFont {
    unitsPerEm: number;
    layout(text: string): FontkitGlyphRun;
  }
  export function create(buffer: Uint8Array): FontkitFont;
}
