/**
 * Charts of a digest's body as PNG: resvg draws the renderer's SVG at 2×
 * (sharp on high-density screens) with Vazirmatn, so Persian and Arabic
 * labels are shaped as in the PDF.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);

let fonts: string[] | undefined;
function fontFiles(): string[] {
  if (!fonts) {
    const dir = join(dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'ttf');
    fonts = [join(dir, 'Vazirmatn-Regular.ttf'), join(dir, 'Vazirmatn-Bold.ttf')];
  }
  return fonts;
}

/** `svg` drawn as a PNG at twice its size. */
export async function rasterizeSvg(svg: string): Promise<Uint8Array> {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { fontFiles: fontFiles(), loadSystemFonts: true, defaultFontFamily: 'Vazirmatn' },
  });
  return resvg.render().asPng();
}
